package dev.tidemark.stage;

import dev.tidemark.control.RunRecord.StageCounts;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.RunPlan;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the stage step left for the steps after it.
 *
 * @param plan the run's plan without the files a forced rerun found as published
 * @param result what the stage pass counted and where it wrote the staging table
 * @param verified the files a forced rerun found as published and left out of the pass
 * @param held the target rows a forced rerun left out of staging when unchanged (see {@link
 *     UnchangedTargetRows})
 * @param millis the stage's time, when it ran as a stage of its own
 */
public record Staged(
    RunPlan plan,
    StageResult result,
    VerifiedFiles verified,
    Optional<Dataset<Row>> held,
    Optional<Long> millis) {

  /** The run row's stage counts; empty when the run read nothing and verified nothing. */
  public Optional<StageCounts> counts() {
    boolean read =
        result.rowsRead() > 0 || !plan.filesToRead().isEmpty() || !verified.paths().isEmpty();
    return read ? Optional.of(counts(result, verified)) : Optional.empty();
  }

  static StageCounts counts(StageResult s, VerifiedFiles verified) {
    return new StageCounts(
        s.rowsRead(),
        s.rowsQuarantined(),
        s.rowsValid(),
        s.exactDuplicates(),
        s.rowsStaged(),
        verified.paths().size(),
        verified.rows());
  }

  /** The landing dates the pass read files of. */
  public List<LocalDate> readDates() {
    return plan.readDates();
  }

  /** The landing dates a forced rerun parsed: read through the stage pass, or verified. */
  public List<LocalDate> parsedDates() {
    return plan.folders().stream()
        .filter(f -> f.isRead() || f.action() == FolderAction.VERIFIED)
        .map(f -> f.folder().date())
        .toList();
  }
}

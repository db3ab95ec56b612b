package dev.tidemark.stage;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.RunRecord.StageCounts;
import dev.tidemark.control.RunScope;
import dev.tidemark.plan.RunMode;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.runtime.StageClock;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.runtime.StepTimes;
import dev.tidemark.source.DriftReport;
import dev.tidemark.source.QuarantineReplay;
import dev.tidemark.source.QuarantineStore;
import dev.tidemark.source.SchemaDrift;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The stage step: extract, dedup and stage in one Spark pass, into a staging table only this run
 * sees. Rows that do not parse go to the quarantine table; a forced rerun first leaves out the
 * files it finds as published. Nothing anyone else reads is changed here but the quarantine.
 */
public final class StageStep {
  private final RunScope scope;
  private final PipelineConfig pipeline;

  public StageStep(RunScope scope) {
    this.scope = scope;
    this.pipeline = scope.pipeline();
  }

  /** Stages the plan's files, or the quarantine rows a replay parses again. */
  public Staged stage(RunPlan plan, Optional<QuarantineReplay> replay) {
    if (replay.isPresent()) {
      return replay(plan, replay.get());
    }
    if (plan.filesToRead().isEmpty()) {
      scope.listener().stageFinished("stage", 0, "nothing new to read");
      return nothing(plan, VerifiedFiles.none(), Optional.empty());
    }
    StageClock clock = StageClock.start(scope.listener(), "stage");
    VerifiedFiles verified =
        plan.mode() == RunMode.FORCED
            ? StepTimes.timed(
                "stage: verify files",
                () ->
                    ForcedVerification.check(
                        scope.spark(), pipeline, plan, scope.target(), scope.runLog()))
            : VerifiedFiles.none();
    RunPlan left = plan.withoutVerified(verified.paths());
    if (left.filesToRead().isEmpty()) {
      long millis = clock.finish("nothing to merge" + verified.summary());
      return nothing(left, verified, Optional.of(millis));
    }
    scope.reached(StageHooks.Point.DURING_STAGE);
    Optional<Dataset<Row>> held = heldRows(left);
    StagePass pass = pass(left, held);
    String quarantined = quarantine(pass.result());
    long millis = clock.finish(line(pass, quarantined, verified));
    return new Staged(left, pass.result(), verified, held, Optional.of(millis));
  }

  private Staged replay(RunPlan plan, QuarantineReplay replay) {
    StageClock clock = StageClock.start(scope.listener(), "stage");
    StageResult result =
        Stager.stage(
            pipeline, replay.extracted(), scope.stagingPath(), scope.target().rowHashVersion());
    long millis = clock.finish(ReplayRun.describe(result));
    return new Staged(plan, result, VerifiedFiles.none(), Optional.empty(), Optional.of(millis));
  }

  private Staged nothing(RunPlan plan, VerifiedFiles verified, Optional<Long> millis) {
    return new Staged(
        plan, StageResult.empty(scope.stagingPath()), verified, Optional.empty(), millis);
  }

  /** The stage pass's result and the columns the drift check let through. */
  private record StagePass(StageResult result, DriftReport drift) {}

  private StagePass pass(RunPlan plan, Optional<Dataset<Row>> held) {
    List<SourceFile> files = plan.filesToRead();
    // Before anything is read: a target that cannot take the columns fails the run here.
    List<String> added =
        StepTimes.timed("stage: target drift", () -> TargetDrift.check(scope.spark(), pipeline));
    // The files' drift is checked beside the stage pass, whose writes only this run sees: a
    // drift the policy refuses fails the run before quarantine or publish.
    ConcurrentDriftCheck.Checked<StageResult> checked =
        ConcurrentDriftCheck.run(
            scope.spark().sparkContext(),
            () -> StepTimes.timed("stage: source drift", () -> sourceDrift(plan)),
            () ->
                StepTimes.timed(
                    "stage: read, dedup, write",
                    () ->
                        Stager.stage(
                            scope.spark(),
                            pipeline,
                            files,
                            scope.stagingPath(),
                            scope.target().rowHashVersion(),
                            held)));
    return new StagePass(checked.staged(), new DriftReport(added, checked.ignoredColumns()));
  }

  /**
   * The files' drift, except in files published before under this configuration: their columns were
   * checked then, and a forced rerun need not scan them again.
   */
  private List<String> sourceDrift(RunPlan plan) {
    List<SourceFile> unchecked = plan.filesNotPublishedBefore();
    return unchecked.isEmpty() ? List.of() : SchemaDrift.check(scope.spark(), pipeline, unchecked);
  }

  /** Writes the rows that did not parse to the quarantine table; the stage line's part on them. */
  private String quarantine(StageResult result) {
    if (result.rowsQuarantined() == 0) {
      return "";
    }
    Dataset<Row> rejected = Staging.rejectedRows(scope.spark(), result.stagingPath());
    new QuarantineStore(scope.tables())
        .write(pipeline.name(), scope.runId(), rejected, scope.clock().instant());
    return "; quarantined: " + QuarantineStore.countsByKind(rejected, 5);
  }

  /**
   * What a forced rerun leaves out of staging: the target's rows from the landing dates it reads
   * (see {@link UnchangedTargetRows}). A pipeline with quality checks stages every row, so its
   * checks judge the whole batch (a forced rerun is how a range is checked again) and a rejected
   * run keeps it for inspection; a snapshot pipeline too, as its staged keys decide what the
   * snapshot lost.
   */
  private Optional<Dataset<Row>> heldRows(RunPlan plan) {
    if (!plan.mode().readsEverything()
        || !pipeline.quality().checks().isEmpty()
        || pipeline.deletes().snapshot()) {
      return Optional.empty();
    }
    return UnchangedTargetRows.of(scope.target(), pipeline, plan.readDates());
  }

  private static String line(StagePass pass, String quarantined, VerifiedFiles verified) {
    StageResult result = pass.result();
    StageCounts counts = Staged.counts(result, verified);
    return String.format(
            "%,d rows read, %,d quarantined, %,d duplicates removed (%,d exact copies, %,d"
                + " older versions), %,d staged",
            counts.rowsRead(),
            counts.rowsQuarantined(),
            counts.duplicatesRemoved(),
            counts.exactDuplicates(),
            counts.duplicatesRemoved() - counts.exactDuplicates(),
            counts.rowsStaged())
        + (result.rowsUnchanged() > 0
            ? String.format(
                " (%,d already in the target as they are, not written)", result.rowsUnchanged())
            : "")
        + quarantined
        + pass.drift().summary()
        + verified.summary();
  }
}

package dev.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.audit.AuditPreview;
import dev.tidemark.config.QuarantineConfig;
import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.source.QuarantineCeiling;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The run summary's target line tells every row's fate, deletes included; a dry run's verdict names
 * what would reject the run.
 */
class PrinterTest {
  @Test
  void theTargetLineCountsRowsDeletedAndDeletesWithNothingToDelete() {
    PublishCounts counts = new PublishCounts(true, 3, 2, 4, 5, 1, 2, 1, 7, 8, 6);

    assertThat(Printer.target(counts))
        .isEqualTo(
            "3 inserted, 2 updated, 4 deleted, 5 unchanged, 1 older than the target; 6 deletes of"
                + " keys not in the target (nothing to delete); files +2 -1; version 7 -> 8");
  }

  @Test
  void aDryRunOverTheQuarantineCeilingSaysARealRunWouldBeRejectedByIt() {
    Optional<String> breach =
        QuarantineCeiling.breach(new QuarantineConfig(0.25), 3, 1); // 1 of 3 rows: above a quarter

    assertThat(DryRunPrinter.verdict(new AuditPreview.Verdict(breach, Optional.empty(), true)))
        .isEqualTo(
            "a real run would be REJECTED by the quarantine ceiling: 33.3% of the rows read were"
                + " quarantined (1 of 3), above pipeline.quarantine.max-share = 0.25 (25.0%);"
                + " nothing would be published");
    assertThat(QuarantineCeiling.breach(new QuarantineConfig(0.25), 4, 1)).isEmpty();
  }

  @Test
  void withoutTombstonesOfAbsentKeysTheLineSaysNothingOfThem() {
    PublishCounts counts = new PublishCounts(false, 0, 0, 0, 9, 0, 0, 0, 7, 7, 0);

    assertThat(Printer.target(counts))
        .isEqualTo(
            "0 inserted, 0 updated, 0 deleted, 9 unchanged, 0 older than the target; files +0 -0;"
                + " version 7 (unchanged, no MERGE)");
  }
}

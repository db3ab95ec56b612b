package dev.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.control.RunRecord.PublishCounts;
import org.junit.jupiter.api.Test;

/** The run summary's target line tells every row's fate, deletes included. */
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
  void withoutTombstonesOfAbsentKeysTheLineSaysNothingOfThem() {
    PublishCounts counts = new PublishCounts(false, 0, 0, 0, 9, 0, 0, 0, 7, 7, 0);

    assertThat(Printer.target(counts))
        .isEqualTo(
            "0 inserted, 0 updated, 0 deleted, 9 unchanged, 0 older than the target; files +0 -0;"
                + " version 7 (unchanged, no MERGE)");
  }
}

package dev.tidemark.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.config.BatchLimits;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);

  /** A plan of {@code days} dates from JAN_1, date i holding sizes[i] bytes (0: no folder). */
  private static RunPlan plan(int days, long... sizes) {
    List<FolderPlan> folders = new ArrayList<>();
    for (int i = 0; i < days; i++) {
      LocalDate date = JAN_1.plusDays(i);
      long size = i < sizes.length ? sizes[i] : 0;
      List<SourceFile> files =
          size == 0 ? List.of() : List.of(new SourceFile("/raw/dt=" + date + "/a", size, 1));
      folders.add(
          new FolderPlan(
              new LandingFolder(date, "/raw/dt=" + date, files),
              files.isEmpty() ? FolderAction.MISSING : FolderAction.READ_ALL,
              files));
    }
    return new RunPlan(
        "orders", RunMode.BACKFILL, new DateRange(JAN_1, JAN_1.plusDays(days - 1)), folders);
  }

  private static DateRange days(int from, int to) {
    return new DateRange(JAN_1.plusDays(from), JAN_1.plusDays(to));
  }

  @Test
  void aRangeWithinTheLimitsIsOneBatch() {
    assertThat(Batches.of(plan(31, 5, 5), BatchLimits.DEFAULT)).containsExactly(days(0, 30));
  }

  @Test
  void aLongRangeIsCutByDaysOldestFirst() {
    assertThat(Batches.of(plan(70), BatchLimits.DEFAULT))
        .containsExactly(days(0, 30), days(31, 61), days(62, 69));
  }

  @Test
  void bytesCutABatchBeforeTheDateThatWouldPassThemAndABigDateIsABatchOfItsOwn() {
    BatchLimits limits = new BatchLimits(31, 100);

    assertThat(Batches.of(plan(6, 40, 40, 40, 500, 0, 10), limits))
        .containsExactly(days(0, 1), days(2, 2), days(3, 3), days(4, 5));
  }

  @Test
  void datesAlreadyPublishedCountTheirBytesSoARerunCutsTheSameBatches() {
    RunPlan first = plan(4, 60, 60, 60, 60);
    List<FolderPlan> published = new ArrayList<>();
    for (FolderPlan f : first.folders()) {
      published.add(new FolderPlan(f.folder(), FolderAction.UNCHANGED, List.of()));
    }
    RunPlan rerun = new RunPlan("orders", RunMode.BACKFILL, first.range(), published);
    BatchLimits limits = new BatchLimits(31, 100);

    assertThat(Batches.of(rerun, limits)).isEqualTo(Batches.of(first, limits)).hasSize(4);
  }
}

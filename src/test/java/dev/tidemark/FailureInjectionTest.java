package dev.tidemark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 3, test 4: a failure at each stage boundary leaves the target unchanged or fully merged and
 * the watermark unchanged; running the same command again gives exactly the content of an
 * uninterrupted run.
 */
class FailureInjectionTest {
  private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 2);
  private static final LocalDate SECOND_DAY = LocalDate.of(2026, 1, 4);

  private static Path referenceDir;
  private static Workspace afterFirstDay;
  private static List<String> firstDayTarget;
  private static Watermark firstDayWatermark;
  private static List<String> uninterrupted;
  private static Watermark uninterruptedWatermark;

  @BeforeAll
  static void uninterruptedRuns() throws Exception {
    referenceDir = Files.createTempDirectory("tidemark-reference");
    Workspace ws = Workspace.create(referenceDir.resolve("reference"));
    ws.generate(4, 120);
    MutableClock clock = MutableClock.at(FIRST_DAY);
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);
    // Every case starts from this first day: copied, not run again.
    afterFirstDay = ws.copyTo(referenceDir.resolve("after-first-day"));
    firstDayTarget = Tables.target(ws.targetPath());
    firstDayWatermark = watermark(ws);
    clock.setDay(SECOND_DAY);
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);
    uninterrupted = Tables.target(ws.targetPath());
    uninterruptedWatermark = watermark(ws);
  }

  @ParameterizedTest
  @EnumSource(StageHooks.Point.class)
  void failureAtAStageBoundaryIsRecoveredByRerunningTheSameCommand(
      StageHooks.Point point, @org.junit.jupiter.api.io.TempDir Path dir) {
    Workspace ws = afterFirstDay.copyTo(dir);
    MutableClock clock = MutableClock.at(FIRST_DAY);
    List<String> before = Tables.target(ws.targetPath());
    assertThat(before).isEqualTo(firstDayTarget);
    Watermark watermarkBefore = watermark(ws);
    assertThat(watermarkBefore).isEqualTo(firstDayWatermark);

    clock.setDay(SECOND_DAY);
    StageHooks failAt =
        (reached, runId) -> {
          if (reached == point) {
            throw new IllegalStateException("injected failure at " + point);
          }
        };
    RunOutcome failed = ws.pipeline(clock, failAt).run(Optional.empty());

    assertThat(failed).isInstanceOf(RunOutcome.Failed.class);
    RunRecord row =
        new RunLog(TestSpark.session(), ws.tables()).find(failed.run().runId()).orElseThrow();
    assertThat(row.status()).isEqualTo(RunStatus.FAILED);
    assertThat(row.error())
        .hasValueSatisfying(e -> assertThat(e).contains("injected failure at " + point));
    List<String> after = Tables.target(ws.targetPath());
    assertThat(after).isIn(before, uninterrupted);
    if (point.compareTo(StageHooks.Point.AFTER_PUBLISH) < 0) {
      assertThat(after).isEqualTo(before);
    }
    if (point == StageHooks.Point.AFTER_WATERMARKS) {
      // Everything but the run row's final write had happened.
      assertThat(watermark(ws)).isEqualTo(withRun(uninterruptedWatermark, failed.run().runId()));
    } else {
      assertThat(watermark(ws)).isEqualTo(watermarkBefore);
    }

    RunOutcome rerun = ws.pipeline(clock).run(Optional.empty());
    assertThat(rerun).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath())).isEqualTo(uninterrupted);
    assertThat(Tables.duplicateKeys(ws.targetPath())).isZero();
    Watermark end = watermark(ws);
    assertThat(end.landing()).isEqualTo(uninterruptedWatermark.landing());
    assertThat(end.event()).isEqualTo(uninterruptedWatermark.event());
  }

  /**
   * A staging table deleted under a running run (by hand, or by another process): the run fails
   * with a recorded run row that names it, and the same command recovers. Before publish, nothing
   * is published; after it, the reconcile stage's read fails (Spark's checked AnalysisException,
   * which must be recorded like any other failure).
   */
  @ParameterizedTest
  @EnumSource(
      value = StageHooks.Point.class,
      names = {"AFTER_STAGE", "AFTER_PUBLISH"})
  void stagingTableDeletedUnderTheRunIsARecordedFailure(
      StageHooks.Point point, @org.junit.jupiter.api.io.TempDir Path dir) {
    Workspace ws = afterFirstDay.copyTo(dir);
    MutableClock clock = MutableClock.at(SECOND_DAY);
    StageHooks deleteStaging =
        (reached, runId) -> {
          if (reached == point) {
            Path staging = Path.of(ws.tables().stagingPath("orders", runId));
            assertThat(staging.resolve("_delta_log")).exists();
            org.apache.commons.io.FileUtils.deleteQuietly(staging.toFile());
          }
        };

    RunOutcome failed = ws.pipeline(clock, deleteStaging).run(Optional.empty());

    assertThat(failed).isInstanceOf(RunOutcome.Failed.class);
    RunRecord row =
        new RunLog(TestSpark.session(), ws.tables()).find(failed.run().runId()).orElseThrow();
    assertThat(row.status()).isEqualTo(RunStatus.FAILED);
    String staging = ws.tables().stagingPath("orders", row.runId());
    assertThat(row.error())
        .hasValueSatisfying(
            e ->
                assertThat(e)
                    .contains(
                        point == StageHooks.Point.AFTER_STAGE
                            ? "staging table of run " + row.runId() + " is gone"
                            : "Path does not exist")
                    .contains(Path.of(staging).getFileName().toString()));
    assertThat(Tables.target(ws.targetPath()))
        .isEqualTo(point == StageHooks.Point.AFTER_STAGE ? firstDayTarget : uninterrupted);
    assertThat(watermark(ws)).isEqualTo(firstDayWatermark);

    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath())).isEqualTo(uninterrupted);
  }

  private static Watermark watermark(Workspace ws) {
    return new WatermarkStore(TestSpark.session(), ws.tables()).read("orders");
  }

  private static Watermark withRun(Watermark w, String runId) {
    return new Watermark(w.landing(), w.event(), Optional.of(runId));
  }
}

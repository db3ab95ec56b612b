package dev.tidemark.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.ThresholdConfig;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.plan.RunMode;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime, lag and data thresholds on runs whose numbers are known. */
class ThresholdsTest {
  @TempDir Path dir;

  @Test
  void p95IsTheNearestRankOverTheWindowOfSuccessfulRunsOfTheKind() {
    List<RunRecord> runs = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      runs.add(run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, i * 1000L));
    }
    runs.add(0, run(RunMode.INCREMENTAL, RunStatus.FAILED, 999_000L));
    runs.add(0, run(RunMode.BACKFILL, RunStatus.SUCCEEDED, 500_000L));
    // Newest first: the window is the 20 newest successful incremental runs, 1 s .. 20 s.
    assertThat(Thresholds.p95RuntimeMs(runs, RunKind.INCREMENTAL, 20, 5)).contains(19_000L);
    assertThat(Thresholds.p95RuntimeMs(runs, RunKind.BACKFILL, 20, 5))
        .as("one backfill is not enough for a p95")
        .isEmpty();
    assertThat(Thresholds.p95ByKind(runs, 20))
        .as("status: each kind apart, the newest successful run's kind first")
        .containsExactly(
            new RuntimeP95(RunKind.BACKFILL, 500_000L, 1),
            new RuntimeP95(RunKind.INCREMENTAL, 19_000L, 20));
  }

  @Test
  void noOpRerunsAndRollbacksDoNotDiluteThePercentileOfRealRuns() {
    PipelineConfig pipeline =
        config("thresholds { max-runtime-p95-multiple = 2, runtime-min-runs = 3 }");
    List<RunRecord> earlier = new ArrayList<>();
    // Newest first: 20 no-op reruns of a second each, after three daily runs of about 10 s.
    for (int i = 0; i < 20; i++) {
      earlier.add(run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, 1_000L, 0));
    }
    earlier.add(run(RunMode.ROLLBACK, RunStatus.SUCCEEDED, 500L));
    for (long ms : new long[] {10_000L, 9_000L, 11_000L}) {
      earlier.add(run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, ms, 5_000));
    }

    RunRecord daily = run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, 21_000L, 5_000);
    assertThat(RunKind.of(earlier.get(0))).isEqualTo(RunKind.NO_OP);
    assertThat(RunKind.of(daily)).isEqualTo(RunKind.INCREMENTAL);
    assertThat(Thresholds.forRun(pipeline, daily, earlier))
        .as("judged against the daily runs' p95 of 11 s, not the no-ops' 1 s")
        .isEmpty();
    RunRecord slowNoOp = run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, 3_000L, 0);
    assertThat(Thresholds.forRun(pipeline, slowNoOp, earlier))
        .extracting(ThresholdBreach::message)
        .containsExactly(
            "threshold thresholds.max-runtime-p95-multiple: 3.0 s > 2.0 s (2 x p95 1.0 s of"
                + " no-op runs)");
    assertThat(Thresholds.p95ByKind(earlier, 20))
        .containsExactly(
            new RuntimeP95(RunKind.NO_OP, 1_000L, 20),
            new RuntimeP95(RunKind.ROLLBACK, 500L, 1),
            new RuntimeP95(RunKind.INCREMENTAL, 11_000L, 3));
  }

  @Test
  void aRunSlowerThanTheMultipleOfP95BreachesWithValueAndLimit() {
    PipelineConfig pipeline =
        config("thresholds { max-runtime-p95-multiple = 2, runtime-min-runs = 3 }");
    List<RunRecord> earlier =
        List.of(
            run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, 10_000L),
            run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, 9_000L),
            run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, 11_000L));

    List<ThresholdBreach> slow =
        Thresholds.forRun(
            pipeline, run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, 23_000L), earlier);
    assertThat(slow)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.threshold()).isEqualTo("thresholds.max-runtime-p95-multiple");
              assertThat(b.message())
                  .isEqualTo(
                      "threshold thresholds.max-runtime-p95-multiple: 23.0 s > 22.0 s (2 x p95 11.0 s of"
                          + " incremental runs)");
            });
    assertThat(
            Thresholds.forRun(
                pipeline, run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, 21_000L), earlier))
        .isEmpty();
    assertThat(
            Thresholds.forRun(
                pipeline, run(RunMode.BACKFILL, RunStatus.SUCCEEDED, 99_000L), earlier))
        .as("no backfill history: a backfill is not judged against incremental runs")
        .isEmpty();
  }

  @Test
  void lagAndTargetDuplicatesBreachAboveTheirLimitsOnly() {
    PipelineConfig pipeline = config("thresholds { max-lag = 2d, max-target-duplicate-keys = 1 }");
    RunRecord late =
        withLagAndDuplicates(
            run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, 1000), 3 * 86_400 + 7200, 2);
    assertThat(Thresholds.forRun(pipeline, late, List.of()))
        .extracting(ThresholdBreach::message)
        .containsExactly(
            "threshold thresholds.max-target-duplicate-keys: 2 > 1",
            "threshold thresholds.max-lag: 3d 2h > 2d 0h");
    RunRecord fine =
        withLagAndDuplicates(run(RunMode.INCREMENTAL, RunStatus.SUCCEEDED, 1000), 86_400, 1);
    assertThat(Thresholds.forRun(pipeline, fine, List.of())).isEmpty();
    assertThat(Thresholds.holdsWatermarks(Thresholds.forRun(pipeline, late, List.of()).get(0)))
        .isTrue();
    assertThat(Thresholds.holdsWatermarks(Thresholds.forRun(pipeline, late, List.of()).get(1)))
        .isFalse();
  }

  @Test
  void defaultsJudgeOnlyTargetDuplicates() {
    assertThat(config("").thresholds()).isEqualTo(ThresholdConfig.DEFAULTS);
  }

  private PipelineConfig config(String extra) {
    return Workspace.create(dir).writePipeline(true, extra).config().pipeline();
  }

  private static int counter;

  private static RunRecord run(RunMode mode, RunStatus status, long durationMs) {
    return run(mode, status, durationMs, Optional.empty());
  }

  /** A run that read {@code rowsRead} rows: zero makes an incremental run a no-op. */
  private static RunRecord run(RunMode mode, RunStatus status, long durationMs, long rowsRead) {
    return run(
        mode,
        status,
        durationMs,
        Optional.of(new RunRecord.StageCounts(rowsRead, 0, rowsRead, 0, rowsRead)));
  }

  private static RunRecord run(
      RunMode mode, RunStatus status, long durationMs, Optional<RunRecord.StageCounts> staged) {
    Instant start = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * counter++);
    return new RunRecord(
        "r-" + counter,
        "orders",
        mode,
        LocalDate.of(2026, 1, 1),
        LocalDate.of(2026, 1, 1),
        status,
        Optional.empty(),
        start,
        Optional.of(start.plusMillis(durationMs)),
        Map.of(),
        List.of(),
        staged,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "test",
        "hash",
        List.of(),
        Optional.empty());
  }

  private static RunRecord withLagAndDuplicates(RunRecord r, long lagSeconds, long duplicates) {
    return new RunRecord(
        r.runId(),
        r.pipeline(),
        r.mode(),
        r.rangeFrom(),
        r.rangeTo(),
        r.status(),
        r.error(),
        r.startedAt(),
        r.endedAt(),
        r.stageMs(),
        r.plan(),
        r.staged(),
        r.published(),
        Optional.of(new RunRecord.ReconcileCounts(0, 0, 0, duplicates, 1000)),
        Optional.of(
            new RunRecord.WatermarkMove(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(Duration.ofSeconds(lagSeconds).toSeconds()))),
        r.tidemarkVersion(),
        r.configHash(),
        List.of(),
        Optional.empty());
  }
}

package dev.tidemark.report.html;

import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.StagingArea;
import dev.tidemark.control.Watermark;
import dev.tidemark.plan.RunMode;
import dev.tidemark.reconcile.Findings;
import dev.tidemark.report.CoverageState;
import dev.tidemark.report.DateCoverage;
import dev.tidemark.report.PipelineReport;
import dev.tidemark.report.PipelineStatus;
import dev.tidemark.report.QualityCheck;
import dev.tidemark.report.QuarantineSummary;
import dev.tidemark.report.ReconciliationSummary;
import dev.tidemark.report.Report;
import dev.tidemark.report.RuntimeP95;
import dev.tidemark.report.ThresholdBreach;
import dev.tidemark.report.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Report models made up for the renderer's tests, the way the ledger would read them back: one run,
 * a thousand runs over three years with every kind of run and every coverage state, an empty
 * pipeline, and user text full of {@code <script>} and {@code &}.
 */
final class SyntheticReports {
  static final Instant GENERATED = Instant.parse("2026-03-01T06:00:00Z");
  static final LocalDate FIRST_DAY = LocalDate.of(2023, 1, 1);
  static final String HOSTILE = "<script>alert('x')</script> & \"more\"";

  private SyntheticReports() {}

  static Report report(PipelineReport... pipelines) {
    return new Report(GENERATED, "0.1.0-test", List.of(pipelines));
  }

  /** One successful run that has every value. */
  static PipelineReport singleRun() {
    RunRecord run = succeeded("run-0001", FIRST_DAY, 12_345, 1_000, 7, 990, 3, 42_000L);
    return pipeline(
        "orders",
        List.of(run),
        List.of(
            new DateCoverage(FIRST_DAY, CoverageState.PROCESSED, Optional.of("run-0001"), "ok")),
        Optional.of(reconciliation("run-0001", List.of("k-1"))),
        List.of(),
        QuarantineSummary.EMPTY);
  }

  /**
   * {@code n} runs, one a day from {@link #FIRST_DAY}, with a calendar of the same days. Every 37th
   * run failed during extract (no counts: gaps in the charts), every 53rd breached, every 101st was
   * interrupted (no end: no runtime), and every 29th has no lag and reads back a pre-v2 row (no
   * target duplicate rate).
   */
  static PipelineReport manyRuns(int n) {
    Random random = new Random(42);
    List<RunRecord> runs = new ArrayList<>();
    List<DateCoverage> calendar = new ArrayList<>();
    CoverageState[] states = CoverageState.values();
    for (int i = 0; i < n; i++) {
      String id = String.format("run-%04d", i + 1);
      LocalDate day = FIRST_DAY.plusDays(i);
      long rows = 5_000 + random.nextInt(50_000);
      RunRecord run =
          succeeded(
              id,
              day,
              20_000 + random.nextInt(400_000),
              rows,
              random.nextInt(20),
              rows - 20 - random.nextInt(300),
              random.nextInt(25) == 0 ? 1 + random.nextInt(40) : 0,
              i % 29 == 0 ? null : 3_600L * random.nextInt(72));
      if (i % 37 == 5) {
        run = failedEarly(run);
      } else if (i % 53 == 7) {
        run =
            run.withStatus(RunStatus.BREACHED, Optional.empty(), run.endedAt().get())
                .withBreaches(List.of("threshold max-mismatches: 12 > 0"));
      } else if (i % 101 == 9) {
        run = interrupted(run);
      }
      runs.add(run);
      // Blocks of varying length, cycling through all six states.
      CoverageState state = states[(i / 7 + i % 3) % states.length];
      calendar.add(new DateCoverage(day, state, Optional.of(id), "landing " + day));
    }
    return pipeline(
        "orders",
        runs,
        calendar,
        Optional.of(reconciliation(runs.get(n - 1).runId(), List.of("k-1", "k-2"))),
        List.of(
            new QualityCheck(
                runs.get(n - 1).runId(), "not_null", "order_id", "error", "passed", 0, List.of()),
            new QualityCheck(
                runs.get(n - 1).runId(),
                "accepted_values",
                "status",
                "warn",
                "failed",
                1_234,
                List.of("o-1", "o-2"))),
        new QuarantineSummary(
            2_345,
            largestFirst("unparseable amount", 2_000L, "missing key", 345L),
            Map.of("part-0001.csv", 2_345L),
            List.of(
                new QuarantineSummary.Sample(
                    runs.get(n - 1).runId(),
                    FIRST_DAY.plusDays(n - 1),
                    "part-0001.csv",
                    "unparseable amount",
                    "o-9,c-1,2023-01-01,NEW,12x.50,EUR," + "x".repeat(400)))));
  }

  /**
   * Five runs started on one day: a daily run, a rerun rejected by a quality gate, a rollback of
   * the daily run, a no-op rerun, and a run still running.
   */
  static PipelineReport sameDay() {
    RunRecord daily = succeeded("run-a", FIRST_DAY, 12_000, 1_000, 0, 990, 0, 3_600L);
    RunRecord rejected = succeeded("run-b", FIRST_DAY, 9_000, 1_000, 0, 990, 0, 3_600L);
    RunRecord rollback = succeeded("run-c", FIRST_DAY, 2_000, 0, 0, 0, 0, 90_000L);
    RunRecord noOp = succeeded("run-d", FIRST_DAY, 1_000, 0, 0, 0, 0, 90_000L);
    RunRecord running = succeeded("run-e", FIRST_DAY, 1_000, 10, 0, 10, 0, 90_000L);
    List<RunRecord> runs =
        List.of(
            at(daily, 8, RunMode.INCREMENTAL, RunStatus.SUCCEEDED, Optional.empty()),
            at(
                rejected,
                9,
                RunMode.BACKFILL,
                RunStatus.REJECTED,
                Optional.of("quality gates failed: not_null")),
            at(
                rollback,
                10,
                RunMode.ROLLBACK,
                RunStatus.SUCCEEDED,
                Optional.of("rolls back run run-a: target restored to version 3")),
            at(noOp, 11, RunMode.INCREMENTAL, RunStatus.SUCCEEDED, Optional.empty()),
            at(running, 12, RunMode.INCREMENTAL, RunStatus.RUNNING, Optional.empty()));
    return pipeline(
        "orders",
        runs,
        List.of(new DateCoverage(FIRST_DAY, CoverageState.UNVERIFIED, Optional.of("run-c"), "")),
        Optional.empty(),
        List.of(),
        QuarantineSummary.EMPTY);
  }

  /** The run started at {@code hour} on the day after its landing date, as this mode and status. */
  private static RunRecord at(
      RunRecord r, int hour, RunMode mode, RunStatus status, Optional<String> error) {
    Instant start = r.rangeFrom().plusDays(1).atTime(hour, 0).toInstant(java.time.ZoneOffset.UTC);
    return new RunRecord(
        r.runId(),
        r.pipeline(),
        mode,
        r.rangeFrom(),
        r.rangeTo(),
        status,
        error,
        start,
        status == RunStatus.RUNNING
            ? Optional.empty()
            : Optional.of(start.plusMillis(r.durationMs().orElseThrow())),
        r.stageMs(),
        r.plan(),
        r.staged(),
        // A rejected run publishes nothing; one still running has not published yet.
        status == RunStatus.REJECTED || status == RunStatus.RUNNING
            ? Optional.empty()
            : r.published(),
        status == RunStatus.REJECTED || status == RunStatus.RUNNING
            ? Optional.empty()
            : r.reconciled(),
        r.watermarks(),
        r.tidemarkVersion(),
        r.configHash(),
        List.of(),
        Optional.empty());
  }

  /** A pipeline configured but never run. */
  static PipelineReport empty(String name) {
    PipelineStatus status =
        new PipelineStatus(
            name,
            GENERATED,
            Watermark.NONE,
            Optional.empty(),
            "/warehouse/" + name,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            StagingArea.Summary.NONE);
    return new PipelineReport(
        status, List.of(), List.of(), Optional.empty(), List.of(), QuarantineSummary.EMPTY);
  }

  /** User text that must come out escaped: keys, raw rows, errors, paths and the name itself. */
  static PipelineReport hostile() {
    RunRecord ok = succeeded("run-<1>&", FIRST_DAY, 1_000, 10, 0, 10, 0, 60L);
    RunRecord failed =
        failedEarly(succeeded("run-2", FIRST_DAY.plusDays(1), 2_000, 10, 0, 10, 0, 60L))
            .withStatus(
                RunStatus.FAILED,
                Optional.of("boom " + HOSTILE),
                Instant.parse("2023-01-02T01:00:00Z"));
    ReconciliationSummary rec =
        new ReconciliationSummary(
            "run-2",
            GENERATED,
            "landing 2023-01-01..2023-01-02",
            "golden " + HOSTILE,
            Optional.of(FIRST_DAY),
            new Findings(
                10,
                10,
                1,
                1,
                1,
                0,
                Map.of("amount " + HOSTILE, 1L),
                List.of("missing " + HOSTILE),
                List.of("extra " + HOSTILE),
                List.of("mismatched " + HOSTILE)),
            "breached",
            Optional.of("mismatches " + HOSTILE));
    return pipeline(
        "orders " + HOSTILE,
        List.of(ok, failed),
        List.of(
            new DateCoverage(
                FIRST_DAY, CoverageState.FAILED, Optional.of("run-2"), "error " + HOSTILE)),
        Optional.of(rec),
        List.of(
            new QualityCheck(
                "run-2", "unique " + HOSTILE, "id", "error", "failed", 1, List.of(HOSTILE))),
        new QuarantineSummary(
            1,
            Map.of("reason " + HOSTILE, 1L),
            Map.of("file " + HOSTILE, 1L),
            List.of(
                new QuarantineSummary.Sample(
                    "run-2",
                    FIRST_DAY,
                    "file " + HOSTILE,
                    "reason " + HOSTILE,
                    "raw " + HOSTILE))));
  }

  static RunRecord succeeded(
      String id,
      LocalDate day,
      long durationMs,
      long rowsRead,
      long quarantined,
      long staged,
      long mismatches,
      Long lagSeconds) {
    Instant start = day.plusDays(1).atTime(2, 0).toInstant(java.time.ZoneOffset.UTC);
    long valid = rowsRead - quarantined;
    long version = Math.abs(id.hashCode() % 1000);
    return new RunRecord(
        id,
        "orders",
        RunMode.INCREMENTAL,
        day,
        day,
        RunStatus.SUCCEEDED,
        Optional.empty(),
        start,
        Optional.of(start.plus(Duration.ofMillis(durationMs))),
        Map.of("stage", durationMs / 2),
        List.of(),
        Optional.of(new RunRecord.StageCounts(rowsRead, quarantined, valid, 1, staged)),
        Optional.of(
            new RunRecord.PublishCounts(
                true,
                staged * 9 / 10,
                staged / 10,
                staged % 3,
                0,
                0,
                2,
                1,
                version,
                version + 1,
                0)),
        Optional.of(
            new RunRecord.ReconcileCounts(mismatches, 0, 0, 2, lagSeconds == null ? -1 : staged)),
        Optional.of(
            new RunRecord.WatermarkMove(
                Optional.of(day.minusDays(1)),
                Optional.of(day),
                Optional.empty(),
                Optional.of(start),
                Optional.ofNullable(lagSeconds))),
        "0.1.0-test",
        "hash",
        List.of(),
        Optional.empty());
  }

  /** The same run, failed during extract: an end, so a runtime, but no counts. */
  static RunRecord failedEarly(RunRecord r) {
    return new RunRecord(
        r.runId(),
        r.pipeline(),
        r.mode(),
        r.rangeFrom(),
        r.rangeTo(),
        RunStatus.FAILED,
        Optional.of("extract failed: malformed file"),
        r.startedAt(),
        r.endedAt(),
        r.stageMs(),
        r.plan(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        r.tidemarkVersion(),
        r.configHash(),
        List.of(),
        Optional.empty());
  }

  /** The same run, interrupted after publishing: counts, but no end, so no runtime. */
  static RunRecord interrupted(RunRecord r) {
    return new RunRecord(
        r.runId(),
        r.pipeline(),
        r.mode(),
        r.rangeFrom(),
        r.rangeTo(),
        RunStatus.INTERRUPTED,
        Optional.of("process died"),
        r.startedAt(),
        Optional.empty(),
        r.stageMs(),
        r.plan(),
        r.staged(),
        r.published(),
        Optional.empty(),
        Optional.empty(),
        r.tidemarkVersion(),
        r.configHash(),
        List.of(),
        Optional.empty());
  }

  static ReconciliationSummary reconciliation(String runId, List<String> missing) {
    Map<String, Long> columns = new LinkedHashMap<>();
    columns.put("amount", 3L);
    columns.put("status", 7L);
    return new ReconciliationSummary(
        runId,
        GENERATED,
        "landing dates 2023-01-01..2023-01-31",
        "golden/orders",
        Optional.of(LocalDate.of(2023, 1, 31)),
        new Findings(
            10_000,
            10_002,
            missing.size(),
            2,
            10,
            0,
            columns,
            missing,
            List.of("e-1", "e-2"),
            List.of("m-1")),
        "succeeded",
        Optional.empty());
  }

  /** Counts in the order the summary keeps them: largest first. */
  private static Map<String, Long> largestFirst(String k1, long v1, String k2, long v2) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(k1, v1);
    counts.put(k2, v2);
    return counts;
  }

  private static PipelineReport pipeline(
      String name,
      List<RunRecord> runs,
      List<DateCoverage> calendar,
      Optional<ReconciliationSummary> reconciliation,
      List<QualityCheck> quality,
      QuarantineSummary quarantine) {
    RunRecord last = runs.get(runs.size() - 1);
    List<RunRecord> newestFirst = new ArrayList<>(runs);
    java.util.Collections.reverse(newestFirst);
    List<RuntimeP95> p95 = Thresholds.p95ByKind(newestFirst, 20);
    List<LocalDate> gaps =
        calendar.stream()
            .filter(c -> c.state() == CoverageState.NOT_PROCESSED)
            .map(DateCoverage::date)
            .toList();
    List<LocalDate> stale =
        calendar.stream()
            .filter(c -> c.state() == CoverageState.STALE)
            .map(DateCoverage::date)
            .toList();
    PipelineStatus status =
        new PipelineStatus(
            name,
            GENERATED,
            new Watermark(
                Optional.of(last.rangeTo()),
                Optional.of(last.startedAt()),
                Optional.of(last.runId())),
            Optional.of(Duration.between(last.startedAt(), GENERATED).toSeconds()),
            "/warehouse/" + name,
            Optional.of(17L),
            Optional.of(last),
            p95,
            gaps,
            stale,
            List.of(new ThresholdBreach("max-lag", "3d 4h", "1d")),
            StagingArea.Summary.NONE);
    return new PipelineReport(status, runs, calendar, reconciliation, quality, quarantine);
  }
}

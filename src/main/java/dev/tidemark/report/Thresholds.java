package dev.tidemark.report;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.ThresholdConfig;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunRecord.ReconcileCounts;
import dev.tidemark.control.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a run, or a pipeline's state now, against its configured thresholds. Data thresholds
 * (reconciliation's limits, target duplicates) judge the run's reconciliation; operational ones
 * judge the watermark lag and the runtime against the p95 of earlier successful runs.
 */
public final class Thresholds {
  private Thresholds() {}

  /**
   * Every threshold a finished run breached.
   *
   * @param earlier the pipeline's runs before this one, newest first
   */
  public static List<ThresholdBreach> forRun(
      PipelineConfig pipeline, RunRecord run, List<RunRecord> earlier) {
    List<ThresholdBreach> breaches = new ArrayList<>(data(pipeline, run));
    lag(pipeline.thresholds(), run.watermarks().flatMap(w -> w.lagSeconds()))
        .ifPresent(breaches::add);
    runtime(pipeline.thresholds(), run, earlier).ifPresent(breaches::add);
    return breaches;
  }

  /** What the pipeline breaches now: its lag at this moment, and its last run's checks. */
  public static List<ThresholdBreach> forStatus(
      PipelineConfig pipeline, Optional<Long> lagSecondsNow, List<RunRecord> recent) {
    List<ThresholdBreach> breaches = new ArrayList<>();
    Optional<RunRecord> last =
        recent.stream().filter(r -> r.status() != RunStatus.RUNNING).findFirst();
    last.ifPresent(
        run -> {
          breaches.addAll(data(pipeline, run));
          runtime(
                  pipeline.thresholds(),
                  run,
                  recent.subList(recent.indexOf(run) + 1, recent.size()))
              .ifPresent(breaches::add);
        });
    lag(pipeline.thresholds(), lagSecondsNow).ifPresent(breaches::add);
    return breaches;
  }

  /** Breaches that make the published data suspect: they keep the watermarks where they were. */
  public static boolean holdsWatermarks(ThresholdBreach breach) {
    return !breach.threshold().startsWith("thresholds.max-lag")
        && !breach.threshold().startsWith("thresholds.max-runtime");
  }

  /**
   * The 95th percentile (nearest rank) of the durations of the successful runs of one kind among
   * {@code runs} (newest first), over the newest {@code window} of them; empty with fewer than
   * {@code minRuns}.
   */
  public static Optional<Long> p95RuntimeMs(
      List<RunRecord> runs, RunKind kind, int window, int minRuns) {
    return p95(successfulDurations(runs, kind, window), minRuns);
  }

  /**
   * The p95 runtime of each kind of run among {@code runs} (newest first) with a successful run in
   * it: the newest successful run's kind first, as status leads with it.
   */
  public static List<RuntimeP95> p95ByKind(List<RunRecord> runs, int window) {
    List<RuntimeP95> byKind = new ArrayList<>();
    runs.stream()
        .filter(r -> r.status() == RunStatus.SUCCEEDED && r.durationMs().isPresent())
        .map(RunKind::of)
        .distinct()
        .forEach(
            kind -> {
              List<Long> durations = successfulDurations(runs, kind, window);
              byKind.add(new RuntimeP95(kind, p95(durations, 1).orElseThrow(), durations.size()));
            });
    return byKind;
  }

  private static Optional<Long> p95(List<Long> durations, int minRuns) {
    if (durations.isEmpty() || durations.size() < minRuns) {
      return Optional.empty();
    }
    List<Long> sorted = durations.stream().sorted().toList();
    int rank = (int) Math.ceil(0.95 * sorted.size());
    return Optional.of(sorted.get(rank - 1));
  }

  /** The durations the p95 is taken over: the newest {@code window} successful runs of the kind. */
  private static List<Long> successfulDurations(List<RunRecord> runs, RunKind kind, int window) {
    return runs.stream()
        .filter(r -> r.status() == RunStatus.SUCCEEDED)
        .filter(r -> RunKind.of(r) == kind)
        .map(RunRecord::durationMs)
        .flatMap(Optional::stream)
        .limit(window)
        .toList();
  }

  private static List<ThresholdBreach> data(PipelineConfig pipeline, RunRecord run) {
    List<ThresholdBreach> breaches = new ArrayList<>();
    if (run.reconciled().isEmpty()) {
      return breaches;
    }
    ReconcileCounts c = run.reconciled().get();
    var limits = pipeline.reconcile();
    above("reconcile.max-missing", c.missing(), limits.maxMissing()).ifPresent(breaches::add);
    above("reconcile.max-extra", c.extra(), limits.maxExtra()).ifPresent(breaches::add);
    above("reconcile.max-mismatched", c.mismatched(), limits.maxMismatched())
        .ifPresent(breaches::add);
    above(
            "thresholds.max-target-duplicate-keys",
            c.targetDuplicateKeys(),
            pipeline.thresholds().maxTargetDuplicateKeys())
        .ifPresent(breaches::add);
    return breaches;
  }

  private static Optional<ThresholdBreach> above(String threshold, long value, long limit) {
    return value > limit
        ? Optional.of(new ThresholdBreach(threshold, format(value), format(limit)))
        : Optional.empty();
  }

  private static Optional<ThresholdBreach> lag(ThresholdConfig t, Optional<Long> lagSeconds) {
    if (t.maxLag().isEmpty() || lagSeconds.isEmpty()) {
      return Optional.empty();
    }
    Duration limit = t.maxLag().get();
    return lagSeconds.get() > limit.toSeconds()
        ? Optional.of(
            new ThresholdBreach(
                "thresholds.max-lag",
                Durations.human(Duration.ofSeconds(lagSeconds.get())),
                Durations.human(limit)))
        : Optional.empty();
  }

  private static Optional<ThresholdBreach> runtime(
      ThresholdConfig t, RunRecord run, List<RunRecord> earlier) {
    if (t.maxRuntimeP95Multiple() <= 0 || run.durationMs().isEmpty()) {
      return Optional.empty();
    }
    RunKind kind = RunKind.of(run);
    Optional<Long> p95 = p95RuntimeMs(earlier, kind, t.runtimeWindow(), t.runtimeMinRuns());
    if (p95.isEmpty()) {
      return Optional.empty();
    }
    double limitMs = t.maxRuntimeP95Multiple() * p95.get();
    long took = run.durationMs().get();
    return took > limitMs
        ? Optional.of(
            new ThresholdBreach(
                "thresholds.max-runtime-p95-multiple",
                String.format(Locale.ROOT, "%.1f s", took / 1000.0),
                String.format(
                    Locale.ROOT,
                    "%.1f s (%s x p95 %.1f s of %s runs)",
                    limitMs / 1000.0,
                    format(t.maxRuntimeP95Multiple()),
                    p95.get() / 1000.0,
                    kind.label())))
        : Optional.empty();
  }

  private static String format(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String format(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}

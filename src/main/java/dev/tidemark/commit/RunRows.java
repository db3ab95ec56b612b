package dev.tidemark.commit;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunRecord.ReconcileCounts;
import dev.tidemark.control.RunStatus;
import dev.tidemark.publish.Published;
import dev.tidemark.reconcile.ReconcileResult;
import dev.tidemark.report.ThresholdBreach;
import dev.tidemark.report.Thresholds;
import dev.tidemark.runtime.Tidemark;
import dev.tidemark.stage.Staged;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A run's row, built from the results of the steps it finished, and judged against the thresholds.
 * Reads and writes nothing itself: a run with Spark ({@link Closing}) and a run that found nothing
 * new without it ({@code NothingNewRun}) build their rows here, so both write the same row.
 *
 * @param earlierRuns the pipeline's runs, newest first, at most the given number (this run's own
 *     row may be among them)
 */
public record RunRows(
    String runId, TidemarkConfig config, Clock clock, IntFunction<List<RunRecord>> earlierRuns) {

  /** The run row, from the results of the steps the run finished. */
  public RunRecord row(RunSoFar so, RunStatus status, Optional<String> error) {
    Instant now = clock.instant();
    return new RunRecord(
        runId,
        config.pipeline().name(),
        so.plan().mode(),
        so.plan().range().from(),
        so.plan().range().to(),
        status,
        error,
        so.startedAt(),
        status == RunStatus.RUNNING ? Optional.empty() : Optional.of(now),
        so.stageMs(),
        so.plan().folders(),
        so.staged().flatMap(Staged::counts),
        so.published().map(Published::counts),
        so.reconciled().result().map(RunRows::reconcileCounts),
        status == RunStatus.RUNNING
            ? Optional.empty()
            : Optional.of(
                so.marks()
                    .map(Committed::move)
                    .orElseGet(() -> CommitStep.move(clock, so.before(), so.before()))),
        Tidemark.version(),
        config.configHash(),
        List.of(),
        so.published().flatMap(Published::tableId),
        so.plan().batch(),
        so.plan().range().fromHour(),
        so.plan().range().toHour());
  }

  /** A committed run's row: succeeded, or breached when reconciliation or a threshold breached. */
  public RunRecord committed(RunSoFar so) {
    return judge(so, row(so, RunStatus.SUCCEEDED, Optional.empty()), so.reconciled().breached());
  }

  /**
   * The finished run checked against the thresholds: any breach makes it "breached", with the
   * reconciliation's breach first in the error, then each threshold with its value and limit.
   */
  private RunRecord judge(RunSoFar so, RunRecord finished, boolean reconcileBreached) {
    PipelineConfig pipeline = config.pipeline();
    // Only the runtime threshold looks at earlier runs; without it, the runs table is not read.
    int window = Math.max(200, 2 * pipeline.thresholds().runtimeWindow());
    List<RunRecord> earlier =
        pipeline.thresholds().maxRuntimeP95Multiple() <= 0
            ? List.of()
            : earlierRuns.apply(window).stream().filter(r -> !r.runId().equals(runId)).toList();
    List<ThresholdBreach> breaches = Thresholds.forRun(pipeline, finished, earlier);
    // Late files beyond the bound were not read: an alert, never a silent skip.
    Optional<String> late = so.plan().lateFiles().breach(pipeline.name());
    if (breaches.isEmpty() && !reconcileBreached && late.isEmpty()) {
      return finished;
    }
    List<String> messages = new ArrayList<>();
    so.reconciled()
        .result()
        .flatMap(ReconcileResult::breach)
        .ifPresent(b -> messages.add("reconciliation breached: " + b));
    breaches.stream()
        .filter(b -> !reconcileBreached || !Thresholds.holdsWatermarks(b))
        .forEach(b -> messages.add(b.message()));
    late.ifPresent(messages::add);
    List<String> breached =
        new ArrayList<>(breaches.stream().map(ThresholdBreach::message).toList());
    late.ifPresent(breached::add);
    return finished
        .withStatus(
            RunStatus.BREACHED,
            Optional.of(String.join("; ", messages)),
            finished.endedAt().orElseThrow())
        .withBreaches(breached);
  }

  private static ReconcileCounts reconcileCounts(ReconcileResult r) {
    return new ReconcileCounts(
        r.missing(), r.extra(), r.mismatched(), r.targetDuplicateKeys(), r.targetRows());
  }
}

package dev.tidemark;

import dev.tidemark.config.BatchLimits;
import dev.tidemark.plan.Batch;
import dev.tidemark.plan.Batches;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.runtime.RunningRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A backfill run as batches of its range, oldest first, each a whole run of {@link Pipeline}: so a
 * published batch stays published, and the same command run again after a failure, a kill or {@code
 * --max-batches} starts at the first batch with anything to read (the ledger skips what is
 * published). A backfill that fits one batch, an incremental run and a quarantine replay run as one
 * run, as they always did.
 */
public final class BatchedRun {
  /** What the terminal says while batches run. */
  public interface Listener {
    Listener SILENT = new Listener() {};

    /**
     * The backfill's batches, before the first runs: each one's range and bytes to read, and how
     * many have nothing to read (published already).
     */
    default void planned(
        DateRange whole, List<DateRange> batches, List<Long> bytes, int published) {}

    /** A batch whose folders were all published already, under this configuration. */
    default void skipped(Batch batch, DateRange range) {}

    default void starting(Batch batch, DateRange range, long bytes) {}

    default void finished(Batch batch, RunOutcome outcome, long millis) {}
  }

  /**
   * How a batched backfill ended.
   *
   * @param outcomes the runs of the batches that ran, in order; one run when not batched
   * @param batches every batch's range; one, the whole, when not batched
   * @param left batches not run yet (stopped by --max-batches, a failure or a stop signal)
   * @param stopped why batches are left, when some are
   */
  public record Result(
      List<RunOutcome> outcomes, List<DateRange> batches, int left, Optional<String> stopped) {
    public Result {
      outcomes = List.copyOf(outcomes);
      batches = List.copyOf(batches);
    }

    /** The run the exit code follows: the last that ran. */
    public RunOutcome last() {
      return outcomes.get(outcomes.size() - 1);
    }

    /** Whether the range was cut into batches. */
    public boolean batched() {
      return batches.size() > 1;
    }
  }

  private final Pipeline pipeline;
  private final BatchLimits limits;
  private final Listener listener;

  public BatchedRun(Pipeline pipeline, BatchLimits limits, Listener listener) {
    this.pipeline = pipeline;
    this.limits = limits;
    this.listener = listener;
  }

  /**
   * Runs {@code request}, in batches when it is a backfill larger than one batch.
   *
   * @param maxBatches stop after this many batches that read something; the next run of the same
   *     command goes on (0: no limit)
   */
  public Result run(RunRequest request, int maxBatches) {
    if (request.range().isEmpty() || request.replay()) {
      return single(request);
    }
    RunPlan whole = pipeline.plan(request);
    List<DateRange> batches = Batches.of(whole, limits);
    if (batches.size() == 1) {
      return single(request);
    }
    List<Boolean> toRead = batches.stream().map(b -> reads(whole, b)).toList();
    if (!toRead.contains(true)) {
      // Everything published: the one no-op run a rerun of a finished backfill always was.
      return single(request);
    }
    listener.planned(
        whole.range(),
        batches,
        batches.stream().map(b -> bytes(whole, b)).toList(),
        (int) toRead.stream().filter(r -> !r).count());
    List<RunOutcome> outcomes = new ArrayList<>();
    int ran = 0;
    for (int i = 0; i < batches.size(); i++) {
      DateRange range = batches.get(i);
      Batch batch = new Batch(i + 1, batches.size(), whole.range());
      if (!toRead.get(i)) {
        listener.skipped(batch, range);
        continue;
      }
      Optional<String> stop =
          RunningRuns.stopping()
              ? Optional.of("the process was asked to stop (SIGTERM or SIGINT)")
              : maxBatches > 0 && ran == maxBatches
                  ? Optional.of("--max-batches " + maxBatches + " were run")
                  : stopAfter(outcomes);
      if (stop.isPresent()) {
        return new Result(outcomes, batches, left(toRead, i), stop);
      }
      listener.starting(batch, range, bytes(whole, range));
      long t0 = System.nanoTime();
      RunOutcome outcome = pipeline.run(request.inBatch(range, batch));
      listener.finished(batch, outcome, (System.nanoTime() - t0) / 1_000_000);
      outcomes.add(outcome);
      ran++;
    }
    return new Result(outcomes, batches, 0, Optional.empty());
  }

  private Result single(RunRequest request) {
    RunOutcome outcome = pipeline.run(request);
    return new Result(
        List.of(outcome),
        List.of(new DateRange(outcome.run().rangeFrom(), outcome.run().rangeTo())),
        0,
        Optional.empty());
  }

  /**
   * Why no further batch may run after the last: a failed or rejected batch, or one whose
   * reconciliation breached (its data is suspect). A breach of an operational threshold alone (lag,
   * runtime) is an alert, and the backfill goes on.
   */
  private static Optional<String> stopAfter(List<RunOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return Optional.empty();
    }
    RunOutcome last = outcomes.get(outcomes.size() - 1);
    String which = last.run().batch().map(Batch::toString).orElse("the last batch");
    if (last instanceof RunOutcome.Failed) {
      return Optional.of(which + " failed");
    }
    if (last instanceof RunOutcome.Rejected) {
      return Optional.of(which + " was rejected by its quality gates");
    }
    if (last instanceof RunOutcome.Breached breached
        && breached.reconciliation().map(r -> r.breached()).orElse(false)) {
      return Optional.of(which + " did not reconcile");
    }
    return Optional.empty();
  }

  private static int left(List<Boolean> toRead, int from) {
    return (int) toRead.subList(from, toRead.size()).stream().filter(r -> r).count();
  }

  private static boolean reads(RunPlan whole, DateRange range) {
    return whole.folders().stream().anyMatch(f -> f.isRead() && range.contains(f.folder().date()));
  }

  private static long bytes(RunPlan whole, DateRange range) {
    return whole.folders().stream()
        .filter(f -> range.contains(f.folder().date()))
        .flatMap(f -> f.toRead().stream())
        .mapToLong(dev.tidemark.plan.SourceFile::size)
        .sum();
  }
}

package dev.tidemark;

import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.plan.Batch;
import dev.tidemark.plan.Batches;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.RunMode;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.runtime.RunningRuns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
   * @param batches every batch's range; one, the whole, when not batched; for an incremental run
   *     far behind, the batches of its older dates (the incremental run follows them)
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
      return batches.size() > 1 || outcomes.size() > 1;
    }
  }

  private final Pipeline pipeline;
  private final Listener listener;

  public BatchedRun(Pipeline pipeline, Listener listener) {
    this.pipeline = pipeline;
    this.listener = listener;
  }

  /**
   * Runs {@code request}, in batches when it is a backfill larger than one batch.
   *
   * @param maxBatches stop after this many batches that read something; the next run of the same
   *     command goes on (0: no limit)
   */
  public Result run(RunRequest request, int maxBatches) {
    // Most runs fit one batch: found from a listing of the range, before the ledger is read.
    if (request.replay() || pipeline.batches(request).size() < 2) {
      return single(request);
    }
    RunPlan whole = pipeline.plan(request);
    List<DateRange> batches = Batches.of(whole, pipeline.batchLimits());
    if (batches.size() == 1) {
      return single(request);
    }
    if (request.range().isEmpty()) {
      return incremental(request, whole, batches, maxBatches);
    }
    Set<Integer> done = request.force() ? forcedBefore(whole.range(), batches) : Set.of();
    List<Boolean> toRead = new ArrayList<>();
    for (int i = 0; i < batches.size(); i++) {
      toRead.add(!done.contains(i + 1) && !whole.readIn(batches.get(i)).isEmpty());
    }
    if (!toRead.contains(true)) {
      // Everything published: the one no-op run a rerun of a finished backfill always was.
      return single(request);
    }
    return batches(request, whole, batches, toRead, maxBatches);
  }

  /**
   * An incremental run whose range is larger than a batch (a pipeline far behind, or its first run
   * from an old start date): its older dates run first as a batched backfill, then the incremental
   * run as always, from the watermark they moved, with its late-file search.
   */
  private Result incremental(
      RunRequest request, RunPlan whole, List<DateRange> batches, int maxBatches) {
    // Its older dates as whole days: an hourly watermark's first hour is no backfill's bound.
    List<DateRange> older =
        batches.subList(0, batches.size() - 1).stream()
            .map(b -> new DateRange(b.from(), b.to()))
            .toList();
    DateRange olderRange = new DateRange(older.get(0).from(), older.get(older.size() - 1).to());
    List<Boolean> toRead = older.stream().map(b -> !whole.readIn(b).isEmpty()).toList();
    RunRequest backfill = RunRequest.backfill(olderRange).forced(request.force());
    if (!toRead.contains(true)) {
      return single(request); // its older dates are published: an incremental run as always
    }
    Result first = batches(backfill, whole, older, toRead, maxBatches);
    if (first.left() > 0 || first.stopped().isPresent()) {
      return first;
    }
    List<RunOutcome> outcomes = new ArrayList<>(first.outcomes());
    outcomes.add(pipeline.run(request));
    return new Result(outcomes, older, 0, Optional.empty());
  }

  private Result batches(
      RunRequest request,
      RunPlan whole,
      List<DateRange> batches,
      List<Boolean> toRead,
      int maxBatches) {
    DateRange first = batches.get(0);
    DateRange last = batches.get(batches.size() - 1);
    DateRange covered = new DateRange(first.from(), last.to(), first.fromHour(), last.toHour());
    listener.planned(
        covered,
        batches,
        batches.stream().map(whole::bytesToRead).toList(),
        (int) toRead.stream().filter(r -> !r).count());
    List<RunOutcome> outcomes = new ArrayList<>();
    int ran = 0;
    for (int i = 0; i < batches.size(); i++) {
      DateRange range = batches.get(i);
      Batch batch = new Batch(i + 1, batches.size(), covered);
      // The last batch runs even with nothing to read (a no-op run): its row is what tells status
      // and the next command that the backfill is finished.
      if (!toRead.get(i) && i < batches.size() - 1) {
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
      listener.starting(batch, range, whole.bytesToRead(range));
      long t0 = System.nanoTime();
      RunOutcome outcome = pipeline.run(request.inBatch(range, batch));
      listener.finished(batch, outcome, (System.nanoTime() - t0) / 1_000_000);
      outcomes.add(outcome);
      ran++;
    }
    return new Result(outcomes, batches, 0, stopAfter(outcomes));
  }

  /**
   * The batches a forced backfill of the same range already published in its newest attempt, when
   * that attempt did not finish: so {@code --force} goes on too, instead of reading every batch
   * again. An attempt starts with its batch 1; one whose last batch published is finished, and the
   * same command then reads everything again, as {@code --force} asks.
   */
  private Set<Integer> forcedBefore(DateRange whole, List<DateRange> batches) {
    List<RunRecord> attempt = new ArrayList<>();
    for (RunRecord run : pipeline.recentRuns(FORCED_RUNS_READ)) {
      Optional<Batch> b = run.batch();
      if (run.mode() != RunMode.FORCED
          || b.isEmpty()
          || !b.get().whole().equals(whole)
          || b.get().count() != batches.size()
          || !run.configHash().equals(pipeline.configHash())) {
        continue;
      }
      attempt.add(run);
      if (b.get().index() == 1) {
        Set<Integer> published = new HashSet<>();
        for (RunRecord r : attempt) {
          int index = r.batch().orElseThrow().index();
          boolean sameRange = batches.get(index - 1).equals(r.range());
          if (sameRange
              && (r.status() == RunStatus.SUCCEEDED || r.status() == RunStatus.BREACHED)) {
            published.add(index);
          }
        }
        return published.contains(batches.size()) ? Set.of() : published;
      }
    }
    return Set.of();
  }

  /** Runs read back to find a forced backfill's batches: a few hundred batches of an attempt. */
  private static final int FORCED_RUNS_READ = 1000;

  private Result single(RunRequest request) {
    RunOutcome outcome = pipeline.run(request);
    return new Result(List.of(outcome), List.of(outcome.run().range()), 0, Optional.empty());
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
}

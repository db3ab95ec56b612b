package dev.tidemark.bench;

import dev.tidemark.BatchedRun;
import dev.tidemark.Pipeline;
import dev.tidemark.RunOutcome;
import dev.tidemark.RunRequest;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.RunRecord;
import dev.tidemark.plan.Batch;
import dev.tidemark.plan.DateRange;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Issue 34's scale case: a long backfill in batches of the shipped size (31 landing dates), each
 * batch's time and peak driver heap, against one batch run alone. Flat means the last batch takes
 * as long as the first (goal: within 20%) and no batch keeps more heap alive than a single batch
 * run alone (goal: within 10%). The heap is judged on its peak right after collections: the peak in
 * use with garbage counts when the collector happened to run, and is reported beside it.
 */
final class BatchCases {
  static final double TIME_GOAL = 1.20;
  static final double HEAP_GOAL = 1.10;

  /** One batch's measurement. */
  /**
   * @param peakHeap the peak heap in use, garbage included
   * @param peakLive the peak heap in use right after a collection: what the batch kept alive
   */
  record BatchTime(
      Batch batch,
      DateRange range,
      long rowsRead,
      double seconds,
      long peakHeap,
      long peakLive,
      long retained) {}

  /** The heap in use after a full collection: what a finished batch leaves alive. */
  private static long retained() {
    System.gc();
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private BatchCases() {}

  /** Runs the batches of {@code range}, measuring each. */
  static List<BatchTime> backfill(SparkSession spark, TidemarkConfig config, DateRange range) {
    List<BatchTime> times = new ArrayList<>();
    BatchedRun.Listener meter =
        new BatchedRun.Listener() {
          private HeapMeter heap;
          private DateRange running;

          @Override
          public void starting(Batch batch, DateRange range, long bytes) {
            running = range;
            heap = HeapMeter.start();
          }

          @Override
          public void finished(Batch batch, RunOutcome outcome, long millis) {
            heap.close();
            RunRecord run = outcome.run();
            if (!(outcome instanceof RunOutcome.Succeeded)) {
              throw new IllegalStateException(
                  "Batch " + batch + " did not succeed: " + run.error().orElse(""));
            }
            times.add(
                new BatchTime(
                    batch,
                    running,
                    run.staged().map(RunRecord.StageCounts::rowsRead).orElse(0L),
                    millis / 1000.0,
                    heap.peakBytes(),
                    heap.peakAfterGcBytes(),
                    retained()));
            System.out.printf(Locale.ROOT, "bench: %s%n", line(times.get(times.size() - 1)));
          }
        };
    new BatchedRun(new Pipeline(spark, config, clockAfter(range)), meter)
        .run(RunRequest.backfill(range), 0);
    return times;
  }

  /** One batch's range run alone, as a backfill of its own pipeline: the heap to compare with. */
  static BatchTime single(SparkSession spark, TidemarkConfig config, DateRange range) {
    try (HeapMeter heap = HeapMeter.start()) {
      long t0 = System.nanoTime();
      RunOutcome outcome =
          new Pipeline(spark, config, clockAfter(range)).run(RunRequest.backfill(range));
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new BatchTime(
          new Batch(1, 1, range),
          range,
          outcome.run().staged().map(RunRecord.StageCounts::rowsRead).orElse(0L),
          seconds,
          heap.peakBytes(),
          heap.peakAfterGcBytes(),
          retained());
    }
  }

  private static Clock clockAfter(DateRange range) {
    return Clock.fixed(
        range.to().plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  }

  static String line(BatchTime t) {
    return String.format(
        Locale.ROOT,
        "batch %d of %d, %s: %,d rows read in %.1f s, peak heap %,d MB, live after GC %,d MB, retained %,d MB",
        t.batch().index(),
        t.batch().count(),
        t.range(),
        t.rowsRead(),
        t.seconds(),
        t.peakHeap() >> 20,
        t.peakLive() >> 20,
        t.retained() >> 20);
  }

  /** The report: every batch, the two ratios and whether their goals are met. */
  static String report(BatchTime single, List<BatchTime> batches) {
    StringBuilder md = new StringBuilder();
    md.append(
        "| batch | landing dates | rows read | seconds | peak heap (MB) | peak live after GC (MB)"
            + " | retained after the batch (MB) |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|\n");
    md.append(row("one batch alone", single));
    batches.forEach(b -> md.append(row(b.batch().index() + " of " + b.batch().count(), b)));
    double time = timeRatio(batches);
    double heap = heapRatio(single, batches);
    md.append(
        String.format(
            Locale.ROOT,
            "%nlast batch / first batch, time: **%.2f** (goal <= %.2f: %s)%n"
                + "largest batch's peak live heap / one batch alone's: **%.2f** (goal <= %.2f: %s)%n",
            time,
            TIME_GOAL,
            time <= TIME_GOAL ? "met" : "not met",
            heap,
            HEAP_GOAL,
            heap <= HEAP_GOAL ? "met" : "not met"));
    return md.toString();
  }

  static boolean goalsMet(BatchTime single, List<BatchTime> batches) {
    return timeRatio(batches) <= TIME_GOAL && heapRatio(single, batches) <= HEAP_GOAL;
  }

  /** The last batch's time over the first's. */
  private static double timeRatio(List<BatchTime> batches) {
    return batches.get(batches.size() - 1).seconds() / batches.get(0).seconds();
  }

  /** The largest batch's peak heap after collections over one batch alone's. */
  private static double heapRatio(BatchTime single, List<BatchTime> batches) {
    long peak = batches.stream().mapToLong(BatchTime::peakLive).max().orElse(0);
    return (double) peak / single.peakLive();
  }

  private static String row(String name, BatchTime t) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %,d | %.1f | %,d | %,d | %,d |%n",
        name,
        t.range(),
        t.rowsRead(),
        t.seconds(),
        t.peakHeap() >> 20,
        t.peakLive() >> 20,
        t.retained() >> 20);
  }
}

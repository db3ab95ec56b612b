package dev.tidemark.cli;

import dev.tidemark.BatchedRun;
import dev.tidemark.RunOutcome;
import dev.tidemark.config.BatchLimits;
import dev.tidemark.control.RunRecord;
import dev.tidemark.plan.Batch;
import dev.tidemark.plan.Batches;
import dev.tidemark.plan.Bytes;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.report.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A batched backfill on the terminal: the batches, each batch's start and end with its rows, rate
 * and an estimate of the time left (from the bytes the batches so far read per second).
 */
class BatchLines implements BatchedRun.Listener {
  private final PrintWriter out;
  private long bytesLeft;
  private long bytesDone;
  private long millisDone;
  private long starting;

  BatchLines(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void planned(DateRange whole, List<DateRange> batches, List<Long> bytes, int published) {
    bytesLeft = bytes.stream().mapToLong(Long::longValue).sum();
    out.printf(
        Locale.ROOT,
        "Backfill %s in %d batches, oldest first (%s to read)%s%n",
        whole,
        batches.size(),
        Bytes.human(bytesLeft),
        published == 0
            ? ""
            : "; "
                + published
                + (published == 1 ? " batch is" : " batches are")
                + " published already and skipped");
    out.flush();
  }

  @Override
  public void skipped(Batch batch, DateRange range) {
    out.printf(Locale.ROOT, "%s (%s): published already, skipped%n", label(batch), range);
    out.flush();
  }

  @Override
  public void starting(Batch batch, DateRange range, long bytes) {
    starting = bytes;
    out.printf(Locale.ROOT, "%n%s: %s, %s to read%n", label(batch), range, Bytes.human(bytes));
    out.flush();
  }

  @Override
  public void finished(Batch batch, RunOutcome outcome, long millis) {
    bytesDone += starting;
    bytesLeft -= starting;
    millisDone += millis;
    RunRecord run = outcome.run();
    long rows = run.staged().map(RunRecord.StageCounts::rowsRead).orElse(0L);
    long perSecond = millis == 0 ? 0 : rows * 1000 / millis;
    String rate = perSecond == 0 ? "" : String.format(Locale.ROOT, " (%,d rows/s)", perSecond);
    String left =
        batch.index() == batch.count()
            ? "the last batch"
            : bytesDone == 0
                ? "no estimate yet"
                : "about "
                    + Durations.human(Duration.ofMillis(millisDone * bytesLeft / bytesDone))
                    + " left";
    out.printf(
        Locale.ROOT,
        "%s %s: %,d rows read in %s%s; %s%n",
        label(batch),
        run.status().label(),
        rows,
        Printer.seconds(millis),
        rate,
        left);
    out.flush();
  }

  /**
   * The batches a backfill of {@code plan}'s range would run, for {@code plan} and {@code run
   * --dry-run}; nothing when it fits one batch.
   */
  static void plan(RunPlan plan, BatchLimits limits, PrintWriter out) {
    List<DateRange> batches = Batches.of(plan, limits);
    if (batches.size() < 2) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "%n  a real run takes %d batches of at most %d dates or %s, oldest first:%n",
        batches.size(),
        limits.maxDays(),
        Bytes.human(limits.maxBytes()));
    for (int i = 0; i < batches.size(); i++) {
      DateRange range = batches.get(i);
      List<FolderPlan> read = plan.readIn(range);
      long bytes = plan.bytesToRead(range);
      out.printf(
          Locale.ROOT,
          "    batch %-4d %-24s %s%n",
          i + 1,
          range,
          read.isEmpty()
              ? "nothing to read: skipped"
              : read.size()
                  + (read.size() == 1 ? " folder" : " folders")
                  + ", "
                  + Bytes.human(bytes));
    }
    out.flush();
  }

  private static String label(Batch batch) {
    return "batch " + batch.index() + " of " + batch.count();
  }
}

package dev.tidemark.cli;

import dev.tidemark.BatchedRun;
import dev.tidemark.RunOutcome;
import dev.tidemark.control.RunRecord;
import dev.tidemark.plan.Batch;
import dev.tidemark.plan.Bytes;
import dev.tidemark.plan.DateRange;
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

  private static String label(Batch batch) {
    return "batch " + batch.index() + " of " + batch.count();
  }
}

package dev.tidemark.sample;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes finished orders' golden rows to {@code part-00000.json}, {@code part-00001.json}, ...,
 * starting a new part only between orders so one key's rows always sit together in one file.
 *
 * <p>Golden rows are close to half the output, so they are formatted and written on a second thread
 * while the caller makes the next landing day. At most one batch is in flight, which keeps memory
 * bounded and the file in submission order, so the output stays deterministic.
 */
final class GoldenWriter implements Closeable {

  static final int ROWS_PER_FILE = 1_000_000;

  private final Path dir;
  private final RowFormatter formatter;
  private final StringBuilder line = new StringBuilder(256);
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread worker = new Thread(task, "tidemark-sample-golden");
            worker.setDaemon(true);
            return worker;
          });
  private Future<Long> inFlight = CompletableFuture.completedFuture(0L);
  private long rowsWritten;
  private boolean closed;
  // Only the worker thread touches these after construction.
  private JsonLinesWriter out;
  private int part;
  private long rowsInPart;

  GoldenWriter(Path dir, RowFormatter formatter) throws IOException {
    this.dir = dir;
    this.formatter = formatter;
    // Always open the first part, so even an empty sample has a golden file to read.
    this.out = new JsonLinesWriter(dir.resolve(JsonLinesWriter.partFileName(0)));
  }

  /**
   * Queues every golden row of {@code orders}, in list order, after waiting for the previous batch.
   * The orders must not change any more: nothing of them may land later.
   */
  void writeLater(List<LiveOrder> orders) throws IOException {
    rowsWritten += await(inFlight);
    inFlight = thread.submit(() -> write(orders));
  }

  /** Golden rows written so far; complete once {@link #close()} returned. */
  long rowsWritten() {
    return rowsWritten;
  }

  /**
   * Waits for the last batch (also when the caller is failing), then closes the file. Closing twice
   * is harmless, so callers can close explicitly to read {@link #rowsWritten()}.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      rowsWritten += await(inFlight);
    } finally {
      thread.shutdown();
      awaitTermination();
      out.close();
    }
  }

  private long write(List<LiveOrder> orders) throws IOException {
    long rows = 0;
    for (LiveOrder order : orders) {
      if (rowsInPart >= ROWS_PER_FILE) {
        out.close();
        part++;
        rowsInPart = 0;
        out = new JsonLinesWriter(dir.resolve(JsonLinesWriter.partFileName(part)));
      }
      for (int row = 0; row < order.goldenCount(); row++) {
        line.setLength(0);
        formatter.appendGolden(
            line,
            order.lifecycle,
            order.goldenVersion(row),
            order.goldenFrom(row),
            order.goldenTo(row));
        out.writeLine(line);
      }
      rowsInPart += order.goldenCount();
      rows += order.goldenCount();
    }
    return rows;
  }

  private static long await(Future<Long> batch) throws IOException {
    try {
      return batch.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Cannot write golden rows: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Cannot write golden rows: interrupted while waiting");
    }
  }

  private void awaitTermination() throws IOException {
    try {
      while (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
        // A batch is seconds of work; keep waiting rather than close the file under its feet.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Cannot write golden rows: interrupted while finishing");
    }
  }
}

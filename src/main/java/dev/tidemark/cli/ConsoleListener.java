package dev.tidemark.cli;

import dev.tidemark.runtime.RunListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints one line when each stage of a run starts and one when it ends, with what it did and how
 * long it took; while a stage runs, a progress line every so often with the Spark tasks done so far
 * (one line rewritten in place on a terminal, a new line otherwise, so logs stay readable).
 */
final class ConsoleListener implements RunListener, AutoCloseable {
  private final PrintWriter out;
  private final SparkProgress progress;
  private final boolean inPlace;
  private final ScheduledExecutorService ticker;
  private final LongSupplier nanoTime;
  private volatile String stage;
  private volatile long stageStartNanos;
  private volatile SparkProgress.Snapshot atStart;
  private boolean lineOpen;

  /**
   * @param progress Spark task counts, or null for no progress lines
   * @param every how often a progress line is printed
   * @param inPlace rewrite one line (a terminal) instead of adding lines
   */
  ConsoleListener(PrintWriter out, SparkProgress progress, Duration every, boolean inPlace) {
    this(out, progress, every, inPlace, System::nanoTime);
  }

  /**
   * @param nanoTime the time a stage's progress line counts its seconds by, as {@link
   *     System#nanoTime}: a test's ticker, to print a progress line of a known time with {@link
   *     #tick} and no wait
   */
  ConsoleListener(
      PrintWriter out,
      SparkProgress progress,
      Duration every,
      boolean inPlace,
      LongSupplier nanoTime) {
    this.out = out;
    this.progress = progress;
    this.inPlace = inPlace;
    this.nanoTime = nanoTime;
    if (progress == null || every.isZero()) {
      this.ticker = null;
    } else {
      this.ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "tidemark-progress");
                t.setDaemon(true);
                return t;
              });
      long ms = every.toMillis();
      ticker.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  ConsoleListener(PrintWriter out) {
    this(out, null, Duration.ZERO, false);
  }

  @Override
  public synchronized void stageStarted(String name) {
    endLine();
    out.printf(Locale.ROOT, "%-10s ...%n", name);
    out.flush();
    atStart = progress == null ? null : progress.snapshot();
    stageStartNanos = nanoTime.getAsLong();
    stage = name;
  }

  @Override
  public synchronized void stageFinished(String name, long millis, String summary) {
    stage = null;
    endLine();
    out.printf(Locale.ROOT, "%-10s %s (%.1f s)%n", name, summary, millis / 1000.0);
    out.flush();
  }

  /** Prints the running stage's progress line; every so often, or when a test asks. */
  synchronized void tick() {
    String current = stage;
    if (current == null || progress == null) {
      return;
    }
    SparkProgress.Snapshot now = progress.snapshot();
    long done = now.tasksFinished() - atStart.tasksFinished();
    long submitted = now.tasksSubmitted() - atStart.tasksSubmitted();
    double seconds = (nanoTime.getAsLong() - stageStartNanos) / 1e9;
    int sparkStages = now.sparkStages() - atStart.sparkStages();
    // Before Spark starts a task the stage works in the driver (listing, planning, a commit):
    // "0 of 0 tasks done" would read as stuck.
    String work =
        submitted == 0
            ? "no Spark task started yet, working in the driver"
            : String.format(
                Locale.ROOT,
                "%,d of %,d Spark tasks done (%d Spark %s so far)",
                done,
                submitted,
                sparkStages,
                sparkStages == 1 ? "stage" : "stages");
    String line = String.format(Locale.ROOT, "%-10s ... %.0f s: %s", current, seconds, work);
    if (inPlace) {
      out.print("\r" + line);
      lineOpen = true;
    } else {
      out.println(line);
    }
    out.flush();
  }

  private void endLine() {
    if (lineOpen) {
      out.print("\r\033[K");
      lineOpen = false;
    }
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (progress != null) {
      progress.close();
    }
  }
}

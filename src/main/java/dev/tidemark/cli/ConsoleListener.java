package dev.tidemark.cli;

import dev.tidemark.RunListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints one line per stage as a run moves: what it did and how long it took. */
final class ConsoleListener implements RunListener {
  private final PrintWriter out;

  ConsoleListener(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void stageStarted(String stage) {
    out.printf(Locale.ROOT, "%-10s ...%n", stage);
    out.flush();
  }

  @Override
  public void stageFinished(String stage, long millis, String summary) {
    out.printf(Locale.ROOT, "%-10s %s (%.1f s)%n", stage, summary, millis / 1000.0);
    out.flush();
  }
}

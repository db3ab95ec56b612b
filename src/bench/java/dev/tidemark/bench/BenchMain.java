package dev.tidemark.bench;

import picocli.CommandLine;

/**
 * The main class of {@code scripts/bench} and of the bench jar. {@link Bench} only returns its exit
 * code, so it can be called in a test; leaving the JVM with it is this class's job alone.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }
}

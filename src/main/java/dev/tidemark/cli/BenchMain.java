package dev.tidemark.cli;

import dev.tidemark.bench.Bench;
import picocli.CommandLine;

/**
 * The main class of {@code scripts/bench}. It lives with the command line because exiting the JVM
 * with a code is the command line's business, never the library's.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }
}

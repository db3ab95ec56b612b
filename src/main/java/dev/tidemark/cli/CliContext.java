package dev.tidemark.cli;

import dev.tidemark.config.Settings;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * What commands get from outside: where to print, the clock, and how to get a SparkSession for the
 * loaded settings. Tests pass their shared session and a fixed clock; the command line passes the
 * real ones.
 */
public record CliContext(
    PrintWriter out,
    PrintWriter err,
    Clock clock,
    Function<Settings, SparkSession> sessions,
    boolean interactive) {
  /** A context whose output is not a terminal (tests, embedding). */
  public CliContext(
      PrintWriter out, PrintWriter err, Clock clock, Function<Settings, SparkSession> sessions) {
    this(out, err, clock, sessions, false);
  }
}

package dev.tidemark.cli;

import dev.tidemark.NothingNewRun;
import dev.tidemark.RunOutcome;
import dev.tidemark.config.Settings;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.kernel.KernelTables;
import dev.tidemark.report.StateSource;
import dev.tidemark.runtime.RunListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
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

  /**
   * Where status and history read a pipeline's state: through Delta Kernel, without starting Spark,
   * when its control tables and target are paths; through Spark otherwise.
   */
  StateSource state(TidemarkConfig config) {
    return StateSource.withoutSpark(config)
        ? StateSource.kernel(KernelTables.of(config.settings()), config)
        : StateSource.spark(sessions.apply(config.settings()), config);
  }

  /**
   * An incremental run that finds nothing new, done without Spark where {@link #state} reads
   * without it; empty when the run needs Spark (see {@link NothingNewRun}).
   */
  Optional<RunOutcome> nothingNew(TidemarkConfig config, RunListener listener) {
    if (!StateSource.withoutSpark(config)) {
      return Optional.empty();
    }
    return new NothingNewRun(config, clock, listener, KernelTables.of(config.settings())).run();
  }
}

package dev.tidemark.testing;

import dev.tidemark.cli.CliContext;
import dev.tidemark.cli.TidemarkCli;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine;

/**
 * Tidemark arguments as an orchestrator passes them (a Databricks job, an Airflow task), parsed by
 * Tidemark's own command line and never run: a misspelt option fails here, not in production.
 */
public final class CliArguments {
  private CliArguments() {}

  /** The subcommand the arguments name, with its matched options; fails on what it rejects. */
  public static CommandLine.ParseResult parse(List<String> args) {
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    CliContext context =
        new CliContext(
            discard,
            discard,
            Clock.systemUTC(),
            settings -> {
              throw new AssertionError("parsing arguments must not start Spark");
            });
    try {
      return TidemarkCli.commandLine(context).parseArgs(args.toArray(String[]::new)).subcommand();
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError("tidemark does not accept " + args + ": " + e.getMessage(), e);
    }
  }
}

package dev.tidemark.cli;

import dev.tidemark.Pipeline;
import dev.tidemark.RunOutcome;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.runtime.StageHooks;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tidemark quarantine ...}: what to do with rows a run could not use. */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description = "Works with a pipeline's quarantined rows.",
    subcommands = {QuarantineCommand.Replay.class})
final class QuarantineCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "After the upstream fix (a corrected schema, reader option or key normalisation), parses"
            + " the pipeline's quarantined rows again with the configuration as it is now. Rows"
            + " that now parse are merged like any others, in one run of mode 'replay', and"
            + " their quarantine rows are marked replayed (replayed_at, replay_run_id). Rows that"
            + " still fail stay, with the reason they fail for now.",
        "Exit codes: 0 success, 1 failed run, 2 bad usage or configuration, 3 a threshold"
            + " breached."
      })
  static final class Replay implements Callable<Integer> {
    @Parameters(paramLabel = "PIPELINE", description = "Pipeline name (conf/pipelines/NAME.conf).")
    String pipeline;

    @Mixin SharedOptions shared;

    private final CliContext context;

    Replay(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      TidemarkConfig config = shared.load(pipeline);
      SparkSession spark = context.sessions().apply(config.settings());
      try (ConsoleListener console = new ConsoleListener(context.out())) {
        RunOutcome outcome =
            new Pipeline(spark, config, context.clock(), console, StageHooks.NONE)
                .replayQuarantine();
        Printer.runSummary(outcome, context.out());
        if (outcome instanceof RunOutcome.Failed failed && shared.verbose) {
          failed.cause().printStackTrace(context.err());
        }
        return RunCommand.exitCode(outcome, context);
      }
    }
  }
}

package dev.tidemark.cli;

import dev.tidemark.Pipeline;
import dev.tidemark.RunOutcome;
import dev.tidemark.StageHooks;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.ledger.RunRecord;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a pipeline: plan, extract, dedup, stage, publish, reconcile, commit.",
      "Without --from/--to: incremental, from the landing watermark minus the lookback through"
          + " today. With them: a backfill of those landing dates.",
      "Exit codes: 0 success, 1 failed run, 2 bad usage or configuration, 3 reconciliation"
          + " breached."
    })
final class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PIPELINE", description = "Pipeline name (conf/pipelines/NAME.conf).")
  String pipeline;

  @Mixin RangeOptions range;

  @Option(
      names = "--dry-run",
      description = "Read and count what the run would change; write nothing.")
  boolean dryRun;

  @Mixin SharedOptions shared;

  private final CliContext context;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TidemarkConfig config = shared.load(pipeline);
    var explicit = range.range();
    SparkSession spark = context.sessions().apply(config.settings());
    Pipeline run =
        new Pipeline(
            spark, config, context.clock(), new ConsoleListener(context.out()), StageHooks.NONE);
    if (dryRun) {
      Printer.dryRun(run.dryRun(explicit), context.out());
      return ExitCodes.OK;
    }
    RunOutcome outcome = run.run(explicit);
    Printer.runSummary(outcome.run(), context.out());
    return exitCode(outcome, context);
  }

  static int exitCode(RunOutcome outcome, CliContext context) {
    RunRecord run = outcome.run();
    if (outcome instanceof RunOutcome.Breached) {
      context.err().println("Run " + run.runId() + " " + run.error().orElse("breached"));
      return ExitCodes.BREACHED;
    }
    if (outcome instanceof RunOutcome.Failed) {
      context.err().println("Run " + run.runId() + " failed: " + run.error().orElse(""));
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }
}

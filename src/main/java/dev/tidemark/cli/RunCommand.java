package dev.tidemark.cli;

import dev.tidemark.BatchedRun;
import dev.tidemark.Pipeline;
import dev.tidemark.RunOutcome;
import dev.tidemark.RunRequest;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.RunRecord;
import dev.tidemark.publish.DryRun;
import dev.tidemark.runtime.StageHooks;
import java.util.Optional;
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
      "Runs a pipeline: plan, extract, dedup, stage, audit, publish, reconcile, commit.",
      "Without --from/--to: incremental, from the landing watermark minus the lookback through"
          + " today. With them: a backfill of those landing dates, in batches of at most"
          + " pipeline.batch.max-days dates and max-bytes, oldest first; run the same command"
          + " again after a failure or a stop and it goes on at the first batch not published.",
      "Exit codes: 0 success, 1 failed run, 2 bad usage or configuration, 3 a threshold"
          + " breached (reconciliation, target duplicates, lag, runtime), late files beyond"
          + " pipeline.late-files.max-age-days not read, or a quality gate failed (nothing"
          + " published)."
    })
final class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PIPELINE", description = "Pipeline name (conf/pipelines/NAME.conf).")
  String pipeline;

  @Mixin RangeOptions range;

  @Option(
      names = "--dry-run",
      description =
          "Read and count what the run would change, and evaluate its quality gates (the"
              + " quarantine ceiling, the quality checks): say whether a real run would publish"
              + " or be rejected. Writes nothing; exit code 0.")
  boolean dryRun;

  @Option(
      names = "--force",
      description =
          "Read every file in range again, whatever the ledger says (mode 'forced'). Rows the"
              + " target already holds are still not rewritten.")
  boolean force;

  @Option(
      names = "--allow-empty",
      description =
          "Snapshot sources: let a partition be emptied when the folder that last delivered it"
              + " is empty or missing now (refused without it: a file that failed to land must"
              + " not wipe a day).")
  boolean allowEmpty;

  @Option(
      names = "--max-batches",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "A backfill in batches stops cleanly after N batches that read something; the same"
              + " command run again goes on with the next (default: no limit).")
  int maxBatches;

  @Option(
      names = "--progress-every",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "While a stage runs, print its Spark task progress this often; 0: never (default:"
              + " ${DEFAULT-VALUE}; every second, in place, on a terminal).")
  int progressSeconds;

  @Option(
      names = "--json",
      description =
          "Print the finished run as JSON on stdout (the shape of history --json's runs); stage"
              + " and progress lines go to stderr.")
  boolean json;

  @Mixin SharedOptions shared;

  private final CliContext context;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TidemarkConfig config = shared.load(pipeline);
    var explicit = range.range();
    if (progressSeconds < 0) {
      throw new UsageException(
          "Cannot use --progress-every " + progressSeconds + ": give seconds, 0 for none");
    }
    if (maxBatches < 0) {
      throw new UsageException(
          "Cannot use --max-batches " + maxBatches + ": give a number of batches, 0 for no limit");
    }
    if (json && dryRun) {
      throw new UsageException("Cannot use --json with --dry-run: a dry run writes no run row");
    }
    if (!dryRun && !force && explicit.isEmpty()) {
      // Most incremental runs find nothing new: that is found out, and recorded, without Spark.
      Optional<RunOutcome> nothingNew = context.nothingNew(config, new ConsoleListener(lines()));
      if (nothingNew.isPresent()) {
        return finish(nothingNew.get());
      }
    }
    SparkSession spark = context.sessions().apply(config.settings());
    try (ConsoleListener console = console(spark)) {
      Pipeline run = new Pipeline(spark, config, context.clock(), console, StageHooks.NONE);
      if (dryRun) {
        DryRun.Result dry = run.dryRun(RunRequest.of(explicit).forced(force));
        DryRunPrinter.print(dry, context.out());
        if (explicit.isPresent()) {
          BatchLines.plan(dry.plan(), config.pipeline().batch(), context.out());
        }
        return ExitCodes.OK;
      }
      RunRequest request = RunRequest.of(explicit).forced(force).allowingEmpty(allowEmpty);
      BatchedRun.Result result = new BatchedRun(run, batchLines()).run(request, maxBatches);
      return result.batched() ? finish(result) : finish(result.last());
    }
  }

  /** With --json the terminal's lines go to stderr; batch lines are such lines. */
  private BatchedRun.Listener batchLines() {
    return new BatchLines(lines()) {
      @Override
      public void finished(dev.tidemark.plan.Batch batch, RunOutcome outcome, long millis) {
        show(outcome); // each batch is a run, shown as a run is
        super.finished(batch, outcome, millis);
      }
    };
  }

  /**
   * The end of a batched backfill: each batch's messages, and why it stopped and how to go on. The
   * exit code is the last batch's when it failed, else 3 when any batch breached or was rejected.
   */
  private int finish(BatchedRun.Result result) {
    RunOutcome incremental = result.last();
    if (incremental.run().batch().isEmpty()) {
      show(incremental); // the incremental run after its older dates' batches
    }
    int code = ExitCodes.OK;
    for (RunOutcome outcome : result.outcomes()) {
      int each = exitCode(outcome, context);
      code = each == ExitCodes.FAILED || code == ExitCodes.OK ? each : code;
    }
    RunOutcome last = result.last();
    boolean done =
        result.left() == 0
            && !(last instanceof RunOutcome.Failed)
            && !(last instanceof RunOutcome.Rejected);
    java.io.PrintWriter lines = lines();
    if (done) {
      // An incremental run far behind ends with itself, after its older dates' batches.
      Optional<dev.tidemark.plan.Batch> batch =
          result.outcomes().stream().flatMap(o -> o.run().batch().stream()).reduce((a, b) -> b);
      lines.printf(
          "%nBackfill %s: all %d batches published%s.%n",
          batch.map(b -> b.whole().toString()).orElse(""),
          result.batches().size(),
          last.run().batch().isEmpty()
              ? "; then the incremental run read the dates after them"
              : "");
    } else {
      // A failed or rejected batch is run again; after one that published, the next goes on.
      boolean again = last instanceof RunOutcome.Failed || last instanceof RunOutcome.Rejected;
      int next = last.run().batch().map(b -> again ? b.index() : b.index() + 1).orElse(1);
      lines.printf(
          "%nBackfill stopped: %s. Run the same command again to go on with batch %d of %d: the"
              + " published batches before it are skipped, not read%s.%n",
          result.stopped().orElse(last.run().batch().map(b -> b + " did not publish").orElse("")),
          next,
          result.batches().size(),
          force ? " (with --force, every batch is read again)" : "");
    }
    lines.flush();
    return code;
  }

  /** A finished run: its JSON line with --json, else its summary. */
  private void show(RunOutcome outcome) {
    if (json) {
      context.out().println(dev.tidemark.report.JsonOutput.run(outcome.run()));
      context.out().flush();
    } else {
      Printer.runSummary(outcome, context.out());
    }
  }

  private int finish(RunOutcome outcome) {
    show(outcome);
    if (outcome instanceof RunOutcome.Failed failed && shared.verbose) {
      failed.cause().printStackTrace(context.err());
    }
    return exitCode(outcome, context);
  }

  /** Where stage lines go: with --json, stdout holds the JSON alone, people read them on stderr. */
  private java.io.PrintWriter lines() {
    return json ? context.err() : context.out();
  }

  private ConsoleListener console(SparkSession spark) {
    java.io.PrintWriter lines = lines();
    if (progressSeconds == 0) {
      return new ConsoleListener(lines);
    }
    // A terminal gets a line rewritten every second; a log file a new line now and then.
    boolean terminal = context.interactive();
    return new ConsoleListener(
        lines,
        SparkProgress.register(spark.sparkContext()),
        java.time.Duration.ofSeconds(terminal ? 1 : progressSeconds),
        terminal);
  }

  static int exitCode(RunOutcome outcome, CliContext context) {
    RunRecord run = outcome.run();
    if (outcome instanceof RunOutcome.Breached breached) {
      context.err().println("Run " + run.runId() + " breached: " + run.error().orElse(""));
      boolean dataSuspect =
          breached
              .reconciliation()
              .map(dev.tidemark.reconcile.ReconcileResult::breached)
              .orElse(false);
      context
          .err()
          .println(
              dataSuspect
                  ? "  The publish stands; the watermarks did not move, and the next run reads"
                      + " these dates again."
                  : "  What the run read was published and the watermarks moved: this is an alert.");
      return ExitCodes.BREACHED;
    }
    if (outcome instanceof RunOutcome.Rejected rejected) {
      context.err().println("Run " + run.runId() + " rejected by its quality gates:");
      rejected
          .audit()
          .withStatus(dev.tidemark.audit.CheckStatus.FAILED)
          .forEach(r -> context.err().println("  " + r.summary()));
      context
          .err()
          .println(
              "  Nothing was published and the watermarks did not move. The staged batch is kept"
                  + " for inspection at "
                  + rejected.stagingPath());
      return ExitCodes.BREACHED;
    }
    if (outcome instanceof RunOutcome.Failed) {
      context.err().println("Run " + run.runId() + " failed: " + run.error().orElse(""));
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }
}

package dev.tidemark.cli;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.RunIds;
import dev.tidemark.control.RunLock;
import dev.tidemark.control.StagingArea;
import dev.tidemark.maintain.Maintainer;
import dev.tidemark.runtime.RunningRuns;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Compacts the pipeline's target and the control tables (OPTIMIZE), deletes files older than"
          + " the configured retentions (VACUUM) and staging tables of failed or killed runs.",
      "Refuses a target VACUUM that would make rollback of one of the last"
          + " pipeline.maintain.rollback-runs runs impossible, and deletes nothing then."
    })
final class MaintainCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PIPELINE", description = "Pipeline name (conf/pipelines/NAME.conf).")
  String pipeline;

  @Option(names = "--no-vacuum", description = "Only compact; delete no file.")
  boolean noVacuum;

  @Mixin SharedOptions shared;

  private final CliContext context;

  MaintainCommand(CliContext context) {
    this.context = context;
  }

  @Override
  @SuppressWarnings("try") // the lock is held for the block, never read
  public Integer call() {
    TidemarkConfig config = shared.load(pipeline);
    SparkSession spark = context.sessions().apply(config.settings());
    ControlStore tables = ControlStore.of(config.settings());
    PrintWriter out = context.out();
    // Compaction rewrites the target's files: no run of the pipeline may commit meanwhile.
    try (RunLock lock =
        RunLock.acquire(
            tables.locksPath(),
            config.pipeline().name(),
            "maintain-" + RunIds.next(context.clock()),
            config.settings().lock())) {
      Maintainer.Result result =
          new Maintainer(spark, config, context.clock()).maintain(!noVacuum, RunningRuns.ids());
      print(result, out);
      return ExitCodes.OK;
    } catch (Maintainer.RollbackWouldBreakException refused) {
      context.err().println(refused.getMessage());
      return ExitCodes.FAILED;
    }
  }

  private static void print(Maintainer.Result result, PrintWriter out) {
    String format = "  %-16s %10s %8s %9s  %s%n";
    out.printf(Locale.ROOT, format, "table", "compacted", "written", "vacuumed", "path");
    for (Maintainer.TableResult t : result.tables()) {
      out.printf(
          Locale.ROOT,
          format,
          t.name(),
          files(t.filesCompacted()),
          files(t.filesWritten()),
          files(t.filesVacuumed()),
          t.path());
    }
    if (result.stagingDeleted().isEmpty()) {
      out.println("  staging: nothing old enough to delete");
    } else {
      out.printf(
          Locale.ROOT,
          "  staging: deleted %d tables of runs %s%n",
          result.stagingDeleted().size(),
          String.join(
              ", ", result.stagingDeleted().stream().map(StagingArea.Leftover::runId).toList()));
    }
    out.flush();
  }

  private static String files(long n) {
    return n < 0 ? "-" : String.format(Locale.ROOT, "%,d", n);
  }
}

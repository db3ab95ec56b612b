package dev.tidemark.cli;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.ledger.RunRecord;
import dev.tidemark.report.PipelineStatus;
import dev.tidemark.report.StatusReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Shows a pipeline's watermarks, lag, target version and last run.")
final class StatusCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PIPELINE", description = "Pipeline name (conf/pipelines/NAME.conf).")
  String pipeline;

  @Option(names = "--json", description = "Print JSON (shape documented in the README).")
  boolean json;

  @Mixin SharedOptions shared;

  private final CliContext context;

  StatusCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TidemarkConfig config = shared.load(pipeline);
    PipelineStatus status =
        StatusReport.read(context.sessions().apply(config.settings()), config, context.clock());
    if (json) {
      context.out().println(StatusReport.json(status));
    } else {
      text(status, context.out());
    }
    context.out().flush();
    return ExitCodes.OK;
  }

  private static void text(PipelineStatus s, PrintWriter out) {
    out.println("Pipeline " + s.pipeline());
    out.println("  landing watermark  " + Printer.orNone(s.watermark().landing()));
    out.println(
        "  event watermark    "
            + Printer.orNone(s.watermark().event())
            + s.lagSeconds().map(l -> " (lag " + Printer.duration(l) + ")").orElse(""));
    out.println(
        "  target             "
            + s.targetPath()
            + s.targetVersion().map(v -> " (version " + v + ")").orElse(" (not created yet)"));
    if (s.lastRun().isEmpty()) {
      out.println("  last run           none");
      return;
    }
    RunRecord run = s.lastRun().get();
    out.printf(
        Locale.ROOT,
        "  last run           %s %s (%s %s .. %s), started %s, took %s%n",
        run.runId(),
        run.status().label(),
        run.mode(),
        run.rangeFrom(),
        run.rangeTo(),
        run.startedAt(),
        run.durationMs().map(Printer::seconds).orElse("?"));
    run.staged().ifPresent(c -> out.println("    rows             " + Printer.rows(c)));
    run.published().ifPresent(p -> out.println("    target           " + Printer.target(p)));
    run.reconciled()
        .ifPresent(
            c ->
                out.printf(
                    Locale.ROOT,
                    "    reconciliation   %,d missing, %,d extra, %,d mismatched%n",
                    c.missing(),
                    c.extra(),
                    c.mismatched()));
    run.error().ifPresent(e -> out.println("    error            " + e));
  }
}

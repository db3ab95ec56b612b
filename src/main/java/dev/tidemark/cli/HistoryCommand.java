package dev.tidemark.cli;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlReads;
import dev.tidemark.control.RunRecord;
import dev.tidemark.report.Durations;
import dev.tidemark.report.JsonOutput;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Lists a pipeline's runs, newest first, with what each read, changed and found.")
final class HistoryCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PIPELINE", description = "Pipeline name (conf/pipelines/NAME.conf).")
  String pipeline;

  @Option(
      names = "--last",
      paramLabel = "N",
      defaultValue = "20",
      description = "How many runs to show (default: ${DEFAULT-VALUE}).")
  int last;

  @Option(
      names = "--json",
      description = "Print JSON (shape documented in docs/reference/json-output.md).")
  boolean json;

  @Mixin SharedOptions shared;

  private final CliContext context;

  HistoryCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (last < 1) {
      throw new UsageException("Cannot show --last " + last + " runs: give a number of 1 or more");
    }
    TidemarkConfig config = shared.load(pipeline);
    ControlReads control = context.state(config).control();
    List<RunRecord> runs =
        control.hasRuns() ? control.recentRuns(config.pipeline().name(), last) : List.of();
    if (json) {
      context.out().println(JsonOutput.history(config.pipeline().name(), runs));
    } else {
      table(config.pipeline().name(), runs, context.out());
    }
    context.out().flush();
    return ExitCodes.OK;
  }

  private record Column(String header, int width, Function<RunRecord, String> value) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("run id", -24, RunRecord::runId),
          new Column("status", -11, r -> r.status().label()),
          // A batch of a backfill says which: backfill 2/12.
          new Column(
              "mode",
              -15,
              r ->
                  r.mode().label()
                      + r.batch().map(b -> " " + b.index() + "/" + b.count()).orElse("")),
          new Column("range", -22, r -> r.range().fromShown() + ".." + r.range().toShown()),
          new Column("started (UTC)", -19, r -> r.startedAt().toString().substring(0, 19)),
          new Column("took", 8, r -> r.durationMs().map(Printer::seconds).orElse("-")),
          new Column(
              "read", 10, r -> Printer.count(r.staged().map(RunRecord.StageCounts::rowsRead))),
          new Column(
              "quarant.",
              8,
              r -> Printer.count(r.staged().map(RunRecord.StageCounts::rowsQuarantined))),
          new Column(
              "dup/1k",
              7,
              r ->
                  r.staged()
                      .map(s -> String.format(Locale.ROOT, "%.1f", s.duplicateKeysPer1000()))
                      .orElse("-")),
          new Column("inserted", 9, r -> Printer.count(r.published().map(p -> p.inserted()))),
          new Column("updated", 9, r -> Printer.count(r.published().map(p -> p.updated()))),
          new Column("deleted", 8, r -> Printer.count(r.published().map(p -> p.deleted()))),
          new Column("unchanged", 10, r -> Printer.count(r.published().map(p -> p.unchanged()))),
          new Column("mismatch", 8, r -> Printer.count(r.reconciled().map(c -> c.mismatchCount()))),
          new Column(
              "lag",
              -9,
              r -> r.watermarks().flatMap(w -> w.lagSeconds()).map(Durations::seconds).orElse("-")),
          new Column(
              "version",
              -9,
              r ->
                  r.published()
                      .map(
                          p ->
                              p.versionBefore() == p.versionAfter()
                                  ? String.valueOf(p.versionAfter())
                                  : p.versionBefore() + "->" + p.versionAfter())
                      .orElse("-")));

  private static void table(String pipeline, List<RunRecord> runs, PrintWriter out) {
    if (runs.isEmpty()) {
      out.println(
          "Pipeline "
              + pipeline
              + " has no runs yet: start one with `tidemark run "
              + pipeline
              + "`.");
      return;
    }
    StringBuilder header = new StringBuilder();
    for (Column c : COLUMNS) {
      header.append(String.format(Locale.ROOT, "%" + c.width() + "s ", c.header()));
    }
    out.println(header.toString().stripTrailing());
    for (RunRecord run : runs) {
      StringBuilder line = new StringBuilder();
      for (Column c : COLUMNS) {
        line.append(String.format(Locale.ROOT, "%" + c.width() + "s ", c.value().apply(run)));
      }
      out.println(line.toString().stripTrailing());
      run.error().ifPresent(e -> out.println("    " + e));
    }
  }
}

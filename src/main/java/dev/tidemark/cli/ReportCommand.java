package dev.tidemark.cli;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.report.PipelineReport;
import dev.tidemark.report.Report;
import dev.tidemark.report.ReportReader;
import dev.tidemark.report.html.HtmlReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes one self-contained HTML page to validate backfills: per pipeline, charts over runs"
          + " (runtime and its p95, duplicate keys per 1,000 rows, mismatches, watermark lag, rows"
          + " changed), a calendar of landing dates, the runs, the latest reconciliation, quality"
          + " checks and the quarantine.",
      "Nothing in the page is loaded from the network: open it anywhere."
    })
final class ReportCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "PIPELINE",
      arity = "0..*",
      description = "Pipelines to report (conf/pipelines/NAME.conf); all when left out.")
  List<String> pipelines = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "tidemark-report.html",
      description = "Where to write the page (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Newest runs per pipeline to chart (default: ${DEFAULT-VALUE}).")
  int runs;

  @Mixin SharedOptions shared;

  private final CliContext context;

  ReportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (runs < 1) {
      throw new UsageException("Cannot chart --runs " + runs + ": give a number of 1 or more");
    }
    List<String> names = pipelines.isEmpty() ? shared.pipelines() : pipelines;
    List<PipelineReport> sections = new ArrayList<>();
    for (String name : names) {
      TidemarkConfig config = shared.load(name);
      sections.add(ReportReader.read(context.state(config), config, context.clock(), runs));
    }
    Report report = ReportReader.read(sections, context.clock());
    String html = HtmlReport.render(report);
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the report to " + out + ": " + e.getMessage() + "; choose another --out",
          e);
    }
    context
        .out()
        .printf(
            Locale.ROOT,
            "Report of %s written to %s (%,d bytes, %,d runs)%n",
            String.join(", ", names),
            out,
            html.getBytes(StandardCharsets.UTF_8).length,
            sections.stream().mapToInt(s -> s.runs().size()).sum());
    context.out().flush();
    return ExitCodes.OK;
  }
}

package dev.tidemark.cli;

import dev.tidemark.config.DataFormat;
import dev.tidemark.config.LandingLayout;
import dev.tidemark.sample.SampleFormats;
import dev.tidemark.sample.SampleGenerator;
import dev.tidemark.sample.SampleLayouts;
import dev.tidemark.sample.SampleSpec;
import dev.tidemark.sample.SampleSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "generate-sample",
    mixinStandardHelpOptions = true,
    description = {
      "Writes sample order events (JSON, one folder per landing date) and their golden source,"
          + " deterministically from a seed.",
      "The events hold what real feeds hold: several versions of a key in a day, updates on"
          + " later days, late arrivals, an older version arriving after a newer one, equal"
          + " timestamps told apart by version, and exact duplicates."
    })
final class GenerateSampleCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "Writes DIR/raw/orders/dt=YYYY-MM-DD/ and DIR/golden/orders/ (default: data).")
  Path out;

  @Option(
      names = "--layout",
      paramLabel = "PATTERN",
      defaultValue = LandingLayout.DEFAULT,
      description =
          "The landing folders, as pipeline.source.layout names them (default: ${DEFAULT-VALUE}),"
              + " e.g. '{yyyy}/{MM}/{dd}/{HH}' or 'year={yyyy}/month={MM}/day={dd}/hour={HH}'."
              + " An hourly layout spreads a day's files over its hours.")
  String layout;

  @Mixin SampleOptions sample;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "json",
      description =
          "json (default: JSON Lines), csv (with a header line), parquet, orc or avro. Other than"
              + " json, the files are written through Spark.")
  String format;

  @Mixin SharedOptions shared;

  private final CliContext context;

  GenerateSampleCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    SampleSpec spec = sample.spec();
    DataFormat files;
    try {
      files = DataFormat.source(format);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage() + " (--format)");
    }
    LandingLayout folders;
    try {
      folders = LandingLayout.parse(layout);
    } catch (IllegalArgumentException e) {
      throw new UsageException("Cannot use --layout: " + e.getMessage());
    }
    Path raw = out.resolve("raw").resolve("orders");
    Path golden = out.resolve("golden").resolve("orders");
    SampleSummary summary = SampleGenerator.write(spec, raw, golden);
    if (files != DataFormat.JSON) {
      SampleFormats.rewrite(context.sessions().apply(shared.settings()), raw, files);
    }
    SampleLayouts.move(raw, folders, spec.filesPerDay());
    context.out().println("Wrote " + raw + " and " + golden);
    context.out().println(summary.describe());
    // The sample pipeline reads JSON in dt= folders: say what to change to read these files.
    List<String> settings = new ArrayList<>();
    if (files != DataFormat.JSON) {
      settings.add("pipeline.source.format = " + files.sparkName());
    }
    if (files == DataFormat.CSV) {
      settings.add("pipeline.source.options { header = \"true\" }");
    }
    if (!folders.equals(LandingLayout.flat("dt="))) {
      settings.add("pipeline.source.layout = \"" + folders.pattern() + "\"");
    }
    if (!settings.isEmpty()) {
      context
          .out()
          .println(
              "To read these files, set "
                  + String.join(" and ", settings)
                  + " in conf/pipelines/orders.conf (or a --config file)");
    }
    context.out().flush();
    return ExitCodes.OK;
  }

  /** Size knobs shared with the demo. */
  static final class SampleOptions {
    @Option(
        names = "--days",
        defaultValue = "30",
        description = "Landing dates to write (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
        names = "--rows-per-day",
        defaultValue = "10000",
        description = "About this many rows per landing date (default: ${DEFAULT-VALUE}).")
    int rowsPerDay;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--start",
        defaultValue = "2026-01-01",
        paramLabel = "YYYY-MM-DD",
        description = "First landing date (default: ${DEFAULT-VALUE}).")
    LocalDate start;

    @Option(
        names = "--files-per-day",
        defaultValue = "2",
        description = "Files per landing folder (default: ${DEFAULT-VALUE}).")
    int filesPerDay;

    SampleSpec spec() {
      try {
        return new SampleSpec(start, days, rowsPerDay, seed, filesPerDay);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
  }
}

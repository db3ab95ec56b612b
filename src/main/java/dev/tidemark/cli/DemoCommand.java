package dev.tidemark.cli;

import dev.tidemark.Pipeline;
import dev.tidemark.RunOutcome;
import dev.tidemark.config.Locations;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.sample.SampleGenerator;
import dev.tidemark.sample.SampleSpec;
import dev.tidemark.table.TargetTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generates the sample data, runs a full backfill of it, runs the same backfill again, and"
          + " shows that the second run changed nothing.",
      "Exit code 0 when the second run was a no-op and both reconciled cleanly."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--pipeline",
      defaultValue = "orders",
      description = "The sample pipeline (default: ${DEFAULT-VALUE}).")
  String pipeline;

  @Option(
      names = "--reset",
      description = "First delete the pipeline's target and its control rows, to start over.")
  boolean reset;

  @Mixin GenerateSampleCommand.SampleOptions sample;

  @Mixin SharedOptions shared;

  private final CliContext context;

  DemoCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = context.out();
    long demoStart = System.nanoTime();
    TidemarkConfig config = shared.load(pipeline);
    PipelineConfig p = config.pipeline();
    SampleSpec spec = sample.spec();
    writeSample(out, p, spec);

    SparkSession spark = context.sessions().apply(config.settings());
    prepareTarget(out, spark, config);

    DateRange range = new DateRange(spec.start(), spec.start().plusDays(spec.days() - 1L));
    Backfill first = backfill(out, spark, config, range, "2/4 full backfill");
    Backfill second = backfill(out, spark, config, range, "3/4 the same backfill again");

    out.println();
    out.println("== 4/4 summary");
    summary(out, first.outcome().run(), first.ms(), second.outcome().run(), second.ms());
    boolean asExpected = endedAsExpected(out, p, range, first.outcome(), second.outcome());
    out.printf(
        Locale.ROOT,
        "Demo took %s in all.%n",
        Printer.seconds((System.nanoTime() - demoStart) / 1_000_000));
    out.flush();
    return asExpected ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** Step 1: the sample data, written where the pipeline reads its source and its golden copy. */
  private void writeSample(PrintWriter out, PipelineConfig p, SampleSpec spec) throws IOException {
    String golden =
        p.reconcile()
            .golden()
            .orElseThrow(
                () ->
                    new UsageException(
                        "Cannot run the demo with pipeline '"
                            + pipeline
                            + "': it has no golden source (pipeline.reconcile.golden.path)"))
            .path();
    requireLocal(p.source().path(), "pipeline.source.path");
    requireLocal(golden, "pipeline.reconcile.golden.path");
    out.println("== 1/4 sample data: " + spec.days() + " landing dates from " + spec.start());
    out.println(
        SampleGenerator.write(spec, Paths.get(p.source().path()), Paths.get(golden)).describe());
    out.flush();
  }

  /**
   * With --reset, the target and its control rows go; without, a target holding data from an
   * earlier run is pointed out, as the first backfill may then find nothing new.
   */
  private void prepareTarget(PrintWriter out, SparkSession spark, TidemarkConfig config)
      throws IOException {
    PipelineConfig p = config.pipeline();
    TargetTable target = new TargetTable(spark, p.target());
    if (reset) {
      startOver(spark, config, target);
      out.println("Reset: deleted " + p.target() + " and the control rows of " + p.name());
    } else if (target.exists()) {
      out.println(
          "Note: "
              + p.target()
              + " already holds data from an earlier run, so the first backfill may find nothing"
              + " new. Run `tidemark demo --reset` to start over.");
    }
  }

  private static void startOver(SparkSession spark, TidemarkConfig config, TargetTable target)
      throws IOException {
    PipelineConfig p = config.pipeline();
    ControlStore.of(config.settings()).forget(spark, p.name());
    if (p.target().isName()) {
      // A named table stays registered in its catalog: emptied, not deleted.
      if (target.exists()) {
        p.target().delta(spark).delete();
      }
    } else {
      org.apache.hadoop.fs.Path targetPath = new org.apache.hadoop.fs.Path(p.targetPath());
      FileSystem fs = targetPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(targetPath, true);
    }
  }

  /** A backfill's outcome, and its wall time in milliseconds. */
  private record Backfill(RunOutcome outcome, long ms) {}

  /** Steps 2 and 3: a run of the range, its command line printed before and its summary after. */
  private Backfill backfill(
      PrintWriter out, SparkSession spark, TidemarkConfig config, DateRange range, String title) {
    long start = System.nanoTime();
    out.println();
    out.println(
        "== "
            + title
            + ": tidemark run "
            + config.pipeline().name()
            + " --from "
            + range.from()
            + " --to "
            + range.to());
    out.flush();
    RunOutcome outcome =
        new Pipeline(spark, config, context.clock(), new ConsoleListener(out), StageHooks.NONE)
            .run(Optional.of(range));
    long ms = (System.nanoTime() - start) / 1_000_000;
    Printer.runSummary(outcome, out);
    return new Backfill(outcome, ms);
  }

  /**
   * Whether both runs succeeded and the second changed nothing, as the demo means to show; says
   * which, and what to try next when it did.
   */
  private static boolean endedAsExpected(
      PrintWriter out, PipelineConfig p, DateRange range, RunOutcome first, RunOutcome second) {
    boolean noOp =
        second
            .run()
            .published()
            .map(c -> c.inserted() == 0 && c.updated() == 0 && !c.merged())
            .orElse(false);
    boolean clean = first instanceof RunOutcome.Succeeded && second instanceof RunOutcome.Succeeded;
    if (noOp && clean) {
      noOpSummary(out, p, range, second.run());
    } else {
      out.println(
          "The demo did not end as expected: see the runs above and `tidemark status "
              + p.name()
              + "`.");
    }
    return noOp && clean;
  }

  private static void noOpSummary(
      PrintWriter out, PipelineConfig p, DateRange range, RunRecord second) {
    long version = second.published().map(PublishCounts::versionAfter).orElse(-1L);
    out.printf(
        Locale.ROOT,
        "The second run changed nothing: %d of %d folders unchanged since published, 0 rows"
            + " read, no MERGE, target version stayed %d. The first run matched the golden"
            + " source.%n",
        unchanged(second),
        second.plan().size(),
        version);
    out.printf(
        Locale.ROOT,
        "Read everything again without rewriting anything: scripts/tidemark run %s --from %s"
            + " --to %s --force%n",
        p.name(),
        range.from(),
        range.to());
    out.printf(
        Locale.ROOT,
        "See what they did: scripts/tidemark history %s, scripts/tidemark status %s,"
            + " scripts/tidemark report --out warehouse/report.html%n",
        p.name(),
        p.name());
  }

  private static void summary(
      PrintWriter out, RunRecord first, long firstMs, RunRecord second, long secondMs) {
    String format = "  %-22s %18s %18s%n";
    out.printf(Locale.ROOT, format, "", "first backfill", "second backfill");
    out.printf(
        Locale.ROOT, format, "wall time", Printer.seconds(firstMs), Printer.seconds(secondMs));
    out.printf(Locale.ROOT, format, "status", first.status().label(), second.status().label());
    out.printf(Locale.ROOT, format, "folders read", folders(first), folders(second));
    out.printf(
        Locale.ROOT,
        format,
        "rows read",
        Printer.count(first.staged().map(s -> s.rowsRead())),
        Printer.count(Optional.of(second.staged().map(s -> s.rowsRead()).orElse(0L))));
    out.printf(
        Locale.ROOT,
        format,
        "duplicates removed",
        Printer.count(first.staged().map(s -> s.duplicatesRemoved())),
        Printer.count(second.staged().map(s -> s.duplicatesRemoved())));
    out.printf(
        Locale.ROOT,
        format,
        "rows inserted",
        Printer.count(first.published().map(PublishCounts::inserted)),
        Printer.count(second.published().map(PublishCounts::inserted)));
    out.printf(
        Locale.ROOT,
        format,
        "rows updated",
        Printer.count(first.published().map(PublishCounts::updated)),
        Printer.count(second.published().map(PublishCounts::updated)));
    out.printf(
        Locale.ROOT,
        format,
        "rows unchanged",
        Printer.count(first.published().map(PublishCounts::unchanged)),
        Printer.count(second.published().map(PublishCounts::unchanged)));
    out.printf(
        Locale.ROOT,
        format,
        "target files added",
        Printer.count(first.published().map(PublishCounts::filesAdded)),
        Printer.count(second.published().map(PublishCounts::filesAdded)));
    out.printf(Locale.ROOT, format, "target version", versions(first), versions(second));
    out.printf(
        Locale.ROOT,
        format,
        "mismatches vs golden",
        Printer.count(first.reconciled().map(RunRecord.ReconcileCounts::mismatchCount)),
        Printer.count(second.reconciled().map(RunRecord.ReconcileCounts::mismatchCount)));
  }

  /** Folders read, and how many of the range's folders were skipped as unchanged. */
  private static String folders(RunRecord run) {
    long read = run.plan().stream().filter(FolderPlan::isRead).count();
    long unchanged = unchanged(run);
    return unchanged == 0 ? Long.toString(read) : read + " (" + unchanged + " unchanged)";
  }

  private static long unchanged(RunRecord run) {
    return run.plan().stream().filter(f -> f.action() == FolderAction.UNCHANGED).count();
  }

  private static String versions(RunRecord run) {
    return run.published()
        .map(
            p ->
                p.merged()
                    ? p.versionBefore() + " -> " + p.versionAfter()
                    : p.versionAfter() + " (no MERGE)")
        .orElse("-");
  }

  private static void requireLocal(String location, String key) {
    if (!Locations.isLocal(location)) {
      throw new UsageException(
          "Cannot write the demo's sample data to "
              + location
              + " ("
              + key
              + "): the demo writes local files only");
    }
  }

  static Path path(String location) {
    return Paths.get(location);
  }
}

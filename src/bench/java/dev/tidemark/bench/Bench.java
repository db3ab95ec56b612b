package dev.tidemark.bench;

import dev.tidemark.Pipeline;
import dev.tidemark.ReconcileCheck;
import dev.tidemark.RunOutcome;
import dev.tidemark.RunRequest;
import dev.tidemark.config.ConfigLoader;
import dev.tidemark.config.ConfigRequest;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.plan.Planner;
import dev.tidemark.plan.RunMode;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.sample.SampleSpec;
import dev.tidemark.spark.SparkSessions;
import dev.tidemark.table.TargetTable;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench}: Tidemark against a plain copy and hand-written MERGE jobs, on the same
 * generated data, in one process; and the commands users start often, each as its own process,
 * against a process that only starts Spark. Every case runs once to warm the JVM (reported apart),
 * then {@code --reps} times; the report gives medians, ratios, and the goals.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measures Tidemark against a plain copy and hand-written MERGE jobs, and its commands as"
            + " processes against a process that only starts Spark.")
public final class Bench implements Callable<Integer> {
  @Option(
      names = "--rows",
      description = "Raw rows of the backfill range (default ${DEFAULT-VALUE}).")
  long rows = 10_000_000;

  @Option(names = "--days", description = "Landing days of the range (default ${DEFAULT-VALUE}).")
  int days = 30;

  @Option(
      names = "--day-rows",
      description = "Raw rows of one day of the incremental cases (default ${DEFAULT-VALUE}).")
  int dayRows = 100_000;

  @Option(
      names = "--history-growth",
      description = "How many times larger the big history is (default ${DEFAULT-VALUE}).")
  int historyGrowth = 10;

  @Option(
      names = "--reps",
      description = "Measured repetitions per case (default ${DEFAULT-VALUE}).")
  int reps = 3;

  @Option(names = "--master", description = "Spark master (default ${DEFAULT-VALUE}).")
  String master = "local[2]";

  @Option(names = "--work", description = "Data and tables (default ${DEFAULT-VALUE}).")
  Path work = Paths.get("target/bench");

  @Option(names = "--out", description = "Where results go (default ${DEFAULT-VALUE}).")
  Path out = Paths.get("bench/results");

  @Option(
      names = "--floors",
      description =
          "Also measure the parts of a run alone (parse, extract, the dedup's shuffle, the dedup),"
              + " to show what each goal leaves room for.")
  boolean floors;

  @Option(
      names = "--late-history",
      split = ",",
      description =
          "Days of published history of the late-file cases: an incremental run reading one late"
              + " file in the oldest folder (default ${DEFAULT-VALUE}).")
  int[] lateHistory = {30, 300};

  @Option(
      names = "--late-files-only",
      description = "Measure only the late-file cases (no goals are judged).")
  boolean lateFilesOnly;

  @Option(
      names = "--processes-only",
      description =
          "Measure only the commands started as processes (backfills the target first unless an"
              + " earlier bench left it).")
  boolean processesOnly;

  @Option(
      names = "--daily-only",
      description =
          "Measure only the daily cases: Tidemark's incremental day and the naive daily job, on"
              + " both histories (the two daily goals are judged).")
  boolean dailyOnly;

  @Option(
      names = "--batches-only",
      description =
          "Measure only the batched backfill: --batch-days landing days in batches of the shipped"
              + " size, each batch's time and peak heap against one batch alone.")
  boolean batchesOnly;

  @Option(
      names = "--batch-days",
      description = "Landing days of the batched backfill (default ${DEFAULT-VALUE}).")
  int batchDays = 365;

  @Option(
      names = "--batch-day-rows",
      description = "Raw rows of each day of the batched backfill (default ${DEFAULT-VALUE}).")
  int batchDayRows = 50_000;

  @Option(
      names = "--metadata-only",
      description =
          "Measure only the metadata cases: an incremental plan, plan and status on histories of"
              + " --metadata-days days of --metadata-files files a day.")
  boolean metadataOnly;

  @Option(
      names = "--metadata-days",
      split = ",",
      description = "Days of history of the metadata cases (default ${DEFAULT-VALUE}).")
  int[] metadataDays = {30, 1095};

  @Option(
      names = "--metadata-files",
      description = "Files a landing day in the metadata cases (default ${DEFAULT-VALUE}).")
  int metadataFiles = 1000;

  @Option(
      names = "--conf-dir",
      description = "The configuration whose local profile Spark settings come from.")
  Path confDir = Paths.get("conf");

  @Option(
      names = "--tidemark-script",
      defaultValue = "${env:TIDEMARK_SCRIPT:-scripts/tidemark}",
      description = "What starts the process cases (default ${DEFAULT-VALUE}).")
  Path tidemarkScript;

  @Override
  public Integer call() throws Exception {
    work = work.toAbsolutePath().normalize();
    if (lateFilesOnly) {
      return lateFilesOnly();
    }
    if (batchesOnly) {
      return batchesOnly();
    }
    if (metadataOnly) {
      return metadataOnly();
    }
    BenchData data = new BenchData(work);
    SampleSpec range = rangeSpec();
    SampleSpec daily = new SampleSpec(range.start(), days + 1, dayRows, 7L, 2);
    if (processesOnly) {
      return processesOnly(data, range, daily);
    }
    data.generate(range, data.raw(), data.golden());
    data.generate(daily, data.dailyRaw(), work.resolve("data/daily/golden"));
    data.isolateNewDay(daily);

    Path conf = writeConf(data, daily);
    TidemarkConfig orders = load(conf, "orders");
    SparkSession spark = SparkSessions.getOrCreate(orders.settings().spark());
    spark.sparkContext().setLogLevel("WARN");
    // Where each run's time went, step by step, in the log beside the table.
    dev.tidemark.runtime.StepTimes.echoTo(System.out);
    int[] copies = {1, historyGrowth};
    data.writeHistory(spark, load(conf, "daily-x1").pipeline(), daily, copies);

    Map<Integer, TidemarkConfig> late = lateFileSetup(spark, conf);
    Baselines baselines = new Baselines(spark, orders.pipeline(), data.raw(), work);
    NaiveDailyJob naiveDaily =
        new NaiveDailyJob(spark, load(conf, "daily-x1").pipeline(), data.newDayRaw());
    ProcessCases processes = processCases(conf, orders);
    DateRange backfill = new DateRange(range.start(), range.lastLandingDate());
    Optional<SparkFloors> parts =
        floors
            ? Optional.of(
                new SparkFloors(
                    spark,
                    orders.pipeline(),
                    rangeFiles(spark, orders, backfill),
                    baselines.read(backfill)))
            : Optional.empty();
    List<Measurement> results = new ArrayList<>();
    for (int rep = 0; rep <= reps; rep++) {
      System.out.printf("bench: repetition %d of %d%s%n", rep, reps, rep == 0 ? " (warm-up)" : "");
      if (!dailyOnly) {
        others(rep, spark, orders, backfill, baselines, processes, parts, results);
      }
      for (int n : copies) {
        TidemarkConfig config = load(conf, "daily-x" + n);
        resetIncremental(spark, config, daily.lastLandingDate().minusDays(1));
        results.add(runCase("incremental x" + n, rep, spark, config, Optional.empty(), false));
        naiveDaily.reset(data.naiveHistory(n));
        results.add(
            measure(
                "naive daily x" + n,
                rep,
                () -> naiveDaily.run(data.naiveHistory(n), daily.lastLandingDate())));
      }
      if (!dailyOnly) {
        lateFileRuns(spark, late, rep, results);
      }
      printLast(results, rep);
    }
    if (dailyOnly) {
      spark.stop();
      return dailyReport(results);
    }
    BenchReport report =
        new BenchReport(results, range, daily, historyGrowth, spark.sparkContext().master());
    Files.createDirectories(out);
    String stamp = java.time.Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
    Files.writeString(
        out.resolve("bench-" + stamp + ".json"), report.json(), StandardCharsets.UTF_8);
    Files.writeString(
        out.resolve("bench-" + stamp + ".md"), report.markdown(), StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(report.markdown());
    System.out.println("bench: results in " + out.resolve("bench-" + stamp + ".{json,md}"));
    spark.stop();
    return report.allGoalsMet() ? 0 : 3;
  }

  /** The cases of a repetition but the daily ones and the late files. */
  private void others(
      int rep,
      SparkSession spark,
      TidemarkConfig orders,
      DateRange backfill,
      Baselines baselines,
      ProcessCases processes,
      Optional<SparkFloors> parts,
      List<Measurement> results)
      throws Exception {
    results.add(measure("floor", rep, () -> baselines.copy(backfill)));
    results.add(measure("naive", rep, () -> baselines.naiveMerge(backfill)));
    results.add(measure("naive rerun", rep, () -> baselines.naiveRerun(backfill)));
    BenchData.deleteTree(Paths.get(orders.settings().warehouse()));
    results.add(runCase("backfill", rep, spark, orders, Optional.of(backfill), false));
    results.add(runCase("rerun", rep, spark, orders, Optional.of(backfill), false));
    results.add(runCase("rerun --force", rep, spark, orders, Optional.of(backfill), true));
    results.add(measure("reconcile", rep, () -> reconcile(spark, orders, backfill)));
    // After the backfill and its reruns, so the run process finds nothing new.
    results.addAll(processes.measure(rep));
    if (parts.isPresent()) {
      for (String name : SparkFloors.CASES) {
        results.add(measure(name, rep, () -> parts.get().run(name)));
      }
    }
  }

  /** The daily cases' medians and their two goals; exit code 3 when one is not met. */
  private int dailyReport(List<Measurement> results) {
    java.util.function.ToDoubleFunction<String> median =
        name ->
            results.stream()
                .filter(m -> m.caseName().equals(name) && m.repetition() > 0)
                .mapToDouble(Measurement::seconds)
                .sorted()
                .toArray()[(reps - 1) / 2];
    double x1 = median.applyAsDouble("incremental x1");
    double xn = median.applyAsDouble("incremental x" + historyGrowth);
    List<BenchReport.Goal> goals =
        List.of(
            BenchReport.Goal.ratio(
                "incremental day / naive daily, 30 days of history",
                x1 / median.applyAsDouble("naive daily x1"),
                1.0,
                ""),
            BenchReport.Goal.ratio(
                "incremental day / naive daily, x" + historyGrowth + " history",
                xn / median.applyAsDouble("naive daily x" + historyGrowth),
                1.0,
                ""),
            BenchReport.Goal.ratio(
                "incremental day, x" + historyGrowth + " / x1 history", xn / x1, 1.1, ""));
    return judged(goals);
  }

  /** Prints each goal with its value; the exit code: 0 when every goal is met, else 3. */
  private static int judged(List<BenchReport.Goal> goals) {
    for (BenchReport.Goal g : goals) {
      System.out.printf(
          java.util.Locale.ROOT,
          "bench: goal %s: %.2f (limit %.2f) %s%n",
          g.name(),
          g.value(),
          g.limit(),
          g.met() ? "met" : "NOT met");
    }
    return goals.stream().allMatch(BenchReport.Goal::met) ? 0 : 3;
  }

  private SampleSpec rangeSpec() {
    int perDay = (int) Math.max(1, rows / days);
    return new SampleSpec(LocalDate.of(2026, 1, 1), days, perDay, 42L, 4);
  }

  private ProcessCases processCases(Path conf, TidemarkConfig orders) {
    String pipeline = orders.pipeline().name();
    return new ProcessCases(
        tidemarkScript,
        conf,
        layer(pipeline),
        pipeline,
        orders.pipeline().targetPath(),
        work.resolve("processes"));
  }

  /**
   * Only the process cases, for a quick measurement of the commands' start-up. They need the
   * backfilled target: a backfill makes it, or finds nothing to do where an earlier bench left it.
   */
  private int processesOnly(BenchData data, SampleSpec range, SampleSpec daily) throws Exception {
    Path conf = writeConf(data, daily);
    TidemarkConfig orders = load(conf, "orders");
    if (data.generate(range, data.raw(), data.golden())) {
      // A target of other raw files would not be this range's backfill.
      BenchData.deleteTree(Paths.get(orders.settings().warehouse()));
    }
    SparkSession spark = SparkSessions.getOrCreate(orders.settings().spark());
    spark.sparkContext().setLogLevel("WARN");
    DateRange backfill = new DateRange(range.start(), range.lastLandingDate());
    List<Measurement> results = new ArrayList<>();
    results.add(runCase("backfill (setup)", 0, spark, orders, Optional.of(backfill), false));
    printLast(results, 0);
    // The processes are measured alone: this JVM's Spark would only sit beside them.
    spark.stop();
    results.clear();
    ProcessCases processes = processCases(conf, orders);
    for (int rep = 0; rep <= reps; rep++) {
      System.out.printf("bench: repetition %d of %d%s%n", rep, reps, rep == 0 ? " (warm-up)" : "");
      results.addAll(processes.measure(rep));
      printLast(results, rep);
    }
    ProcessReport report = new ProcessReport(results);
    System.out.println();
    System.out.println(report.markdown());
    return judged(report.goals());
  }

  /**
   * Only the batched backfill (issue 34): a long range in batches of the shipped size, each batch's
   * time and peak heap, against the first batch's range run alone (after a warm-up).
   */
  private int batchesOnly() throws Exception {
    Path conf = localConf();
    LocalDate start = LocalDate.of(2025, 1, 1);
    Path data = work.resolve("data/batches/" + batchDays + "x" + batchDayRows);
    if (!Files.exists(data.resolve("raw"))) {
      System.out.printf(
          "bench: writing %d days of %,d rows for the batched backfill%n", batchDays, batchDayRows);
      dev.tidemark.sample.SampleGenerator.write(
          new SampleSpec(start, batchDays, batchDayRows, 11L, 2),
          data.resolve("raw"),
          data.resolve("golden"));
    }
    for (String name : List.of("batches-alone", "batches-year")) {
      Files.writeString(
          conf.resolve("pipelines/" + name + ".conf"),
          "pipeline {\n  source { path = \""
              + data.resolve("raw")
              + "\", format = json, schema = \""
              + dev.tidemark.sample.SampleFormats.SCHEMA
              + "\" }\n  keys = [order_id]\n  sequence = [updated_at, version]\n"
              + "  partition-column = order_date\n}\n");
    }
    TidemarkConfig alone = load(conf, "batches-alone");
    TidemarkConfig year = load(conf, "batches-year");
    SparkSession spark = SparkSessions.getOrCreate(year.settings().spark());
    spark.sparkContext().setLogLevel("WARN");
    DateRange first = new DateRange(start, start.plusDays(year.pipeline().batch().maxDays() - 1));
    BenchData.deleteTree(Paths.get(alone.settings().warehouse()));
    System.out.println(
        "bench: one batch alone, warm-up: "
            + BatchCases.line(BatchCases.single(spark, alone, first)));
    BenchData.deleteTree(Paths.get(alone.settings().warehouse()));
    BatchCases.BatchTime single = BatchCases.single(spark, alone, first);
    System.out.println("bench: one batch alone: " + BatchCases.line(single));
    BenchData.deleteTree(Paths.get(year.settings().warehouse()));
    List<BatchCases.BatchTime> batches =
        BatchCases.backfill(spark, year, new DateRange(start, start.plusDays(batchDays - 1)));
    String report =
        String.format(
                java.util.Locale.ROOT,
                "Batched backfill: %d landing days of %,d rows, %s, heap %,d MB%n%n",
                batchDays,
                batchDayRows,
                spark.sparkContext().master(),
                HeapMeter.maxHeap() >> 20)
            + BatchCases.report(single, batches);
    Files.createDirectories(out);
    String stamp = java.time.Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
    Files.writeString(
        out.resolve("bench-batches-" + stamp + ".md"), report, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(report);
    spark.stop();
    return BatchCases.goalsMet(single, batches) ? 0 : 3;
  }

  /**
   * Only the metadata cases (issue 34): what planning and status cost on long histories of many
   * files, against a short one. No goal is judged: the table says how the costs grow.
   */
  private int metadataOnly() throws Exception {
    Path conf = localConf();
    List<MetadataCases.Result> results = new ArrayList<>();
    SparkSession spark = null;
    for (int history : metadataDays) {
      String name = "meta-" + history;
      Path raw = work.resolve("data/meta/raw-" + history + "x" + metadataFiles);
      Files.createDirectories(raw.getParent());
      Files.writeString(
          conf.resolve("pipelines/" + name + ".conf"),
          "pipeline {\n  source { path = \""
              + raw
              + "\", format = json, schema = \""
              + dev.tidemark.sample.SampleFormats.SCHEMA
              + "\" }\n  keys = [order_id]\n  sequence = [updated_at, version]\n}\n");
      TidemarkConfig config = load(conf, name);
      if (spark == null) {
        spark = SparkSessions.getOrCreate(config.settings().spark());
        spark.sparkContext().setLogLevel("WARN");
      }
      System.out.printf(
          "bench: %d days of %,d files a day under %s%n", history, metadataFiles, raw);
      MetadataCases.writeTree(raw, history, metadataFiles);
      BenchData.deleteTree(Paths.get(config.settings().warehouse()));
      MetadataCases.publish(spark, config, history);
      ProcessCases processes =
          new ProcessCases(
              tidemarkScript,
              conf,
              layer(name),
              name,
              config.pipeline().targetPath(),
              work.resolve("processes"));
      List<Double> plans = new ArrayList<>();
      List<Double> planCommands = new ArrayList<>();
      List<Double> statuses = new ArrayList<>();
      dev.tidemark.plan.LateFiles late = null;
      for (int rep = 0; rep <= reps; rep++) {
        long t0 = System.nanoTime();
        dev.tidemark.plan.RunPlan plan = MetadataCases.plan(spark, config);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double planCommand = processes.command("process: plan", rep, "plan").seconds();
        double status = processes.command("process: status", rep, "status").seconds();
        System.out.printf(
            "bench: %s%s: incremental plan %.2f s, plan process %.1f s, status process %.1f s:"
                + " %s%n",
            name,
            rep == 0 ? " (warm-up)" : "",
            seconds,
            planCommand,
            status,
            dev.tidemark.plan.PlanStep.describe(plan));
        if (rep > 0) {
          plans.add(seconds);
          planCommands.add(planCommand);
          statuses.add(status);
          late = plan.lateFiles();
        }
      }
      results.add(
          new MetadataCases.Result(
              history,
              metadataFiles,
              median(plans),
              late.listCalls(),
              late.listMillis(),
              (int) MetadataCases.folders(raw),
              median(planCommands),
              median(statuses)));
      System.out.println(MetadataCases.report(results));
    }
    String report =
        String.format(
                java.util.Locale.ROOT,
                "Metadata at scale: %s, medians of %d measured repetitions after a warm-up%n%n",
                spark.sparkContext().master(),
                reps)
            + MetadataCases.report(results);
    Files.createDirectories(out);
    String stamp = java.time.Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
    Files.writeString(
        out.resolve("bench-metadata-" + stamp + ".md"), report, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(report);
    spark.stop();
    return 0;
  }

  /** The bench's configuration folder, with the local profile's Spark settings. */
  private Path localConf() throws IOException {
    Path conf = work.resolve("conf");
    Files.createDirectories(conf.resolve("pipelines"));
    Files.copy(
        confDir.resolve("local.conf"),
        conf.resolve("local.conf"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return conf;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  /** Only the late-file cases, for a quick measurement of what the late-file search costs. */
  private int lateFilesOnly() throws Exception {
    Path conf = localConf();
    writeLateConf(conf);
    SparkSession spark =
        SparkSessions.getOrCreate(load(conf, "late-" + lateHistory[0]).settings().spark());
    spark.sparkContext().setLogLevel("WARN");
    Map<Integer, TidemarkConfig> late = lateFileSetup(spark, conf);
    List<Measurement> results = new ArrayList<>();
    for (int rep = 0; rep <= reps; rep++) {
      System.out.printf("bench: repetition %d of %d%s%n", rep, reps, rep == 0 ? " (warm-up)" : "");
      lateFileRuns(spark, late, rep, results);
      printLast(results, rep);
    }
    System.out.println();
    System.out.println(BenchReport.lateFiles(results));
    spark.stop();
    return 0;
  }

  private Path lateRaw(int days) {
    return work.resolve("data/late/raw-" + days);
  }

  /** Each late-file case's history written and published anew (not measured). */
  private Map<Integer, TidemarkConfig> lateFileSetup(SparkSession spark, Path conf)
      throws IOException {
    Map<Integer, TidemarkConfig> configs = new java.util.LinkedHashMap<>();
    for (int days : lateHistory) {
      TidemarkConfig config = load(conf, "late-" + days);
      LateFileCases.writeHistory(lateRaw(days), days);
      BenchData.deleteTree(Paths.get(config.settings().warehouse()));
      System.out.printf("bench: publishing %d days of history for the late-file case%n", days);
      LateFileCases.publish(spark, config, days);
      configs.put(days, config);
    }
    return configs;
  }

  private void lateFileRuns(
      SparkSession spark, Map<Integer, TidemarkConfig> late, int rep, List<Measurement> results)
      throws IOException {
    for (Map.Entry<Integer, TidemarkConfig> e : late.entrySet()) {
      int days = e.getKey();
      results.add(
          LateFileCases.measure(
              "late files, " + days + " days", rep, spark, e.getValue(), lateRaw(days), days));
    }
  }

  /** The late-file pipelines: the shipped defaults, an unpartitioned target. */
  private void writeLateConf(Path conf) throws IOException {
    String schema =
        "order_id STRING, customer_id STRING, order_date DATE, status STRING,"
            + " amount DECIMAL(12,2), currency STRING, updated_at TIMESTAMP, version INT";
    for (int days : lateHistory) {
      Files.writeString(
          conf.resolve("pipelines/late-" + days + ".conf"),
          "pipeline {\n  source { path = \""
              + lateRaw(days)
              + "\", format = json, schema = \""
              + schema
              + "\" }\n  keys = [order_id]\n  sequence = [updated_at, version]\n}\n");
    }
  }

  /** A case that is not a Tidemark run: its time is the whole call. */
  private static Measurement measure(String name, int rep, ThrowingRunnable body) throws Exception {
    try (HeapMeter heap = HeapMeter.start()) {
      long t0 = System.nanoTime();
      body.run();
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new Measurement(name, rep, seconds, seconds, heap.peakBytes(), -1, -1, "");
    }
  }

  /** A Tidemark run: its time leaves the reconcile stage out, which is measured on its own. */
  private static Measurement runCase(
      String name,
      int rep,
      SparkSession spark,
      TidemarkConfig config,
      Optional<DateRange> range,
      boolean force) {
    try (HeapMeter heap = HeapMeter.start()) {
      long t0 = System.nanoTime();
      RunOutcome outcome =
          new Pipeline(spark, config, Clock.systemUTC()).run(RunRequest.of(range).forced(force));
      double total = (System.nanoTime() - t0) / 1e9;
      RunRecord run = outcome.run();
      if (!(outcome instanceof RunOutcome.Succeeded)) {
        throw new IllegalStateException(
            "Cannot benchmark " + name + ": the run ended " + run.status() + " " + run.error());
      }
      double reconcile = run.stageMs().getOrDefault("reconcile", 0L) / 1e3;
      long added = run.published().map(RunRecord.PublishCounts::filesAdded).orElse(0L);
      long removed = run.published().map(RunRecord.PublishCounts::filesRemoved).orElse(0L);
      String note =
          run.staged()
                  .map(
                      s ->
                          String.format("%,d rows read", s.rowsRead())
                              + (s.filesVerified() == 0
                                  ? ""
                                  : String.format(
                                      " (%,d more parsed and verified)", s.rowsVerified())))
                  .orElse("0 rows read")
              + run.published()
                  .map(
                      p ->
                          String.format(
                              ", %,d inserted, %,d updated, %,d unchanged",
                              p.inserted(), p.updated(), p.unchanged()))
                  .orElse("")
              + "; stages "
              + run.stageMs();
      return new Measurement(
          name, rep, total - reconcile, total, heap.peakBytes(), added, removed, note);
    }
  }

  /** The range's raw files, listed as a backfill of it lists them. */
  static List<SourceFile> rangeFiles(SparkSession spark, TidemarkConfig config, DateRange range) {
    return new Planner(
            Clock.systemUTC(), new FolderLister(spark.sparkContext().hadoopConfiguration()))
        .plan(config.pipeline(), RunMode.BACKFILL, range, config.configHash(), Map.of())
        .filesToRead();
  }

  private static void reconcile(SparkSession spark, TidemarkConfig config, DateRange range) {
    ReconcileCheck.Result result =
        new ReconcileCheck(spark, config, Clock.systemUTC())
            .check(Optional.of(range), Optional.empty());
    var r = result.reconciliation().findings();
    if (r.missing() + r.extra() + r.mismatched() > 0) {
      throw new IllegalStateException(
          "Cannot benchmark reconcile: the backfill does not match the golden source ("
              + r.missing()
              + " missing, "
              + r.extra()
              + " extra, "
              + r.mismatched()
              + " mismatched)");
    }
  }

  /**
   * Puts an incremental pipeline back where its history left it: the target at its history version,
   * no control rows but a landing watermark on the day before the new day.
   */
  private static void resetIncremental(SparkSession spark, TidemarkConfig config, LocalDate before)
      throws IOException {
    PipelineConfig pipeline = config.pipeline();
    TargetTable target = new TargetTable(spark, pipeline.targetPath());
    long history = 1; // version 0 created the table, version 1 appended the history
    if (target.version().orElseThrow() != history) {
      DeltaTable.forPath(spark, pipeline.targetPath()).restoreToVersion(history);
    }
    BenchData.deleteTree(Paths.get(config.settings().controlLocation()));
    ControlStore tables =
        new ControlStore(config.settings().controlLocation(), config.settings().conflicts())
            .ensureExist(spark);
    new WatermarkStore(spark, tables)
        .write(
            pipeline.name(),
            new Watermark(Optional.of(before), Optional.empty(), Optional.empty()),
            java.time.Instant.now());
  }

  private static void printLast(List<Measurement> results, int rep) {
    for (Measurement m : results) {
      if (m.repetition() == rep) {
        // A process case runs in a child JVM, whose heap this one does not see.
        String heap =
            m.peakHeapBytes() > 0
                ? String.format("peak heap %,d MiB", m.peakHeapBytes() >> 20)
                : "";
        System.out.printf(
            "bench:   %-32s %8.1f s (total %.1f s), %s %s%n",
            m.caseName(), m.seconds(), m.totalSeconds(), heap, m.note());
      }
    }
  }

  private Path writeConf(BenchData data, SampleSpec daily) throws IOException {
    Path conf = localConf();
    String schema =
        "order_id STRING, customer_id STRING, order_date DATE, status STRING,"
            + " amount DECIMAL(12,2), currency STRING, updated_at TIMESTAMP, version INT";
    String common =
        "  source { path = \"%s\", format = json, schema = \""
            + schema
            + "\" }\n"
            + "  keys = [order_id]\n"
            + "  sequence = [updated_at, version]\n"
            + "  partition-column = order_date\n";
    Files.writeString(
        conf.resolve("pipelines/orders.conf"),
        "pipeline {\n"
            + String.format(common, data.raw())
            + "  lookback = 3d\n"
            + "  reconcile.golden { path = \""
            + data.golden()
            + "\", format = json, valid-from = valid_from, valid-to = valid_to }\n"
            + "}\n");
    for (int n : new int[] {1, historyGrowth}) {
      Files.writeString(
          conf.resolve("pipelines/daily-x" + n + ".conf"),
          "pipeline {\n"
              + String.format(common, data.newDayRaw())
              + "  lookback = 0d\n"
              + "  target.path = \""
              + data.history(n)
              + "\"\n"
              + "}\n");
    }
    writeLateConf(conf);
    return conf;
  }

  /** The layer over a pipeline's configuration with the bench's warehouse and master. */
  private Path layer(String pipeline) {
    return work.resolve("conf/" + pipeline + ".overrides.conf");
  }

  private TidemarkConfig load(Path conf, String pipeline) throws IOException {
    Path layer = layer(pipeline);
    Files.writeString(
        layer,
        "tidemark {\n  warehouse = \""
            + work.resolve("warehouse/" + pipeline)
            + "\"\n  spark.master = \""
            + master
            + "\"\n}\n");
    return ConfigLoader.load(new ConfigRequest(conf, "local", pipeline, List.of(layer)));
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}

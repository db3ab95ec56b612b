package dev.tidemark.bench;

import dev.tidemark.Pipeline;
import dev.tidemark.RunOutcome;
import dev.tidemark.RunRequest;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.Interval;
import dev.tidemark.control.IntervalLedger;
import dev.tidemark.control.IntervalStatus;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.plan.LandingFolder;
import dev.tidemark.plan.RunPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Issue 34's metadata at scale: a pipeline with years of daily history, {@code files} files a day,
 * in its ledger and runs table, and what an incremental run's plan, {@code plan} and {@code status}
 * cost on it, against the same on a short history. The newest days are published by a real
 * backfill; the older ones are recorded as published (their ledger rows from a listing of their
 * folders, their run rows copies of the real run's row, one a day), since a real run per day would
 * take the benchmark days. The history ends yesterday: the commands started as processes plan with
 * the real clock.
 */
final class MetadataCases {
  /** The days a real backfill publishes; the days before them are recorded as published. */
  static final int REAL_DAYS = 2;

  /** One history's measurements. */
  record Result(
      int days,
      int filesPerDay,
      double planSeconds,
      long lateListCalls,
      long lateListMillis,
      int folders,
      double planCommandSeconds,
      double statusSeconds) {}

  private MetadataCases() {}

  /** The first landing date of a history of {@code days} that ends yesterday. */
  static LocalDate start(int days) {
    return LocalDate.now(ZoneOffset.UTC).minusDays(days);
  }

  /**
   * Writes {@code days} landing folders of {@code files} one-row files each under {@code root},
   * unless a tree of the same shape ending yesterday is there already.
   *
   * @return whether it was written anew
   */
  static boolean writeTree(Path root, int days, int files) throws IOException {
    LocalDate start = start(days);
    Path marker = root.resolveSibling(root.getFileName() + ".written");
    String shape = start + " " + days + " " + files;
    if (Files.exists(marker) && Files.readString(marker).equals(shape)) {
      return false;
    }
    BenchData.deleteTree(root);
    for (int day = 0; day < days; day++) {
      LocalDate date = start.plusDays(day);
      Path folder = Files.createDirectories(root.resolve("dt=" + date));
      for (int i = 0; i < files; i++) {
        Files.writeString(
            folder.resolve(String.format(Locale.ROOT, "part-%05d.json", i)),
            LateFileCases.order("ORD-" + day + "-" + i, date) + "\n",
            StandardCharsets.UTF_8);
      }
    }
    Files.writeString(marker, shape);
    return true;
  }

  /**
   * The pipeline's history: the newest {@link #REAL_DAYS} published by a real backfill, the days
   * before recorded as published by one daily run each.
   */
  static void publish(SparkSession spark, TidemarkConfig config, int days) {
    LocalDate start = start(days);
    LocalDate last = start.plusDays(days - 1);
    DateRange newest = new DateRange(last.minusDays(REAL_DAYS - 1), last);
    Clock clock =
        Clock.fixed(last.plusDays(1).atTime(1, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    RunOutcome outcome = new Pipeline(spark, config, clock).run(RunRequest.backfill(newest));
    if (!(outcome instanceof RunOutcome.Succeeded)) {
      throw new IllegalStateException(
          "Cannot publish the metadata history: " + outcome.run().error().orElse(""));
    }
    String name = config.pipeline().name();
    ControlStore tables = ControlStore.of(config.settings());
    IntervalLedger ledger = new IntervalLedger(spark, tables);
    Interval real = ledger.all(name).get(0);
    List<Interval> older = new ArrayList<>();
    for (LandingFolder folder :
        new FolderLister(spark.sparkContext().hadoopConfiguration())
            .listAll(config.pipeline().source().path(), config.pipeline().source().layout())) {
      if (folder.date().isBefore(newest.from())) {
        older.add(
            Interval.published(
                name,
                folder,
                IntervalStatus.PROCESSED,
                real.configHash(),
                "history-" + folder.date(),
                folder.date().plusDays(1).atTime(1, 0).toInstant(ZoneOffset.UTC),
                Map.of()));
      }
    }
    ledger.write(name, older);
    // One run row a day before the real run, each a copy of its row moved to its day.
    Dataset<Row> run =
        tables.runs().read(spark).where(functions.col("run_id").equalTo(outcome.run().runId()));
    Dataset<Row> daily =
        run.crossJoin(spark.range(days - REAL_DAYS).toDF("day"))
            .withColumn("shift", functions.col("day").minus(days - 1))
            .withColumn("run_id", functions.concat(functions.lit("history-"), functions.col("day")))
            .withColumn(
                "range_from",
                functions.date_add(functions.lit(start), functions.col("day").cast("int")))
            .withColumn("range_to", functions.col("range_from"))
            .withColumn("started_at", timestampPlusDays("started_at"))
            .withColumn("ended_at", timestampPlusDays("ended_at"))
            .drop("day", "shift");
    tables.runs().append(daily);
    // As the daily runs would have left it: the landing watermark at the newest day.
    WatermarkStore watermarks = new WatermarkStore(spark, tables);
    Watermark now = watermarks.read(name);
    watermarks.write(
        name,
        new Watermark(Optional.of(last), now.event(), Optional.of(outcome.run().runId())),
        clock.instant());
  }

  private static org.apache.spark.sql.Column timestampPlusDays(String column) {
    return functions.timestamp_seconds(
        functions
            .unix_timestamp(functions.col(column))
            .plus(functions.col("shift").multiply(86_400L)));
  }

  /**
   * The plan of an incremental run now, made in this process: its time and its late-file search.
   */
  static RunPlan plan(SparkSession spark, TidemarkConfig config) {
    return new Pipeline(spark, config, Clock.systemUTC()).plan(RunRequest.incremental());
  }

  static String report(List<Result> results) {
    StringBuilder md = new StringBuilder();
    md.append(
        "| history (days) | files a day | landing folders | incremental plan, in process (s) |"
            + " its late-file search: list calls, ms | `plan` process (s) | `status` process (s) |\n");
    md.append("|---:|---:|---:|---:|---|---:|---:|\n");
    for (Result r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %,d | %.2f | %,d, %,d | %.1f | %.1f |%n",
              r.days(),
              r.filesPerDay(),
              r.folders(),
              r.planSeconds(),
              r.lateListCalls(),
              r.lateListMillis(),
              r.planCommandSeconds(),
              r.statusSeconds()));
    }
    return md.toString();
  }

  static long folders(Path root) {
    try (var list = Files.list(root)) {
      return list.filter(Files::isDirectory).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

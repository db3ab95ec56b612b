package dev.tidemark.bench;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.plan.LandingFolder;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.sample.SampleGenerator;
import dev.tidemark.sample.SampleSpec;
import dev.tidemark.stage.Stager;
import dev.tidemark.table.TargetTable;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.RowHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The benchmark's inputs, made once per work folder and reused while their spec is the same: the
 * raw range (the sample generator's orders), and, for the incremental cases, one more day of raw
 * files and the target history it lands on, written directly as Delta tables.
 */
final class BenchData {
  private final Path work;

  BenchData(Path work) {
    this.work = work;
  }

  Path raw() {
    return work.resolve("data/raw/orders");
  }

  Path golden() {
    return work.resolve("data/golden/orders");
  }

  /** The daily feed the histories come from: {@code historyDays + 1} landing days. */
  Path dailyRaw() {
    return work.resolve("data/daily/raw");
  }

  /** The raw root of the incremental runs: only the newest landing day of the daily feed. */
  Path newDayRaw() {
    return work.resolve("data/daily/new-day");
  }

  Path history(int copies) {
    return work.resolve("history/x" + copies);
  }

  /**
   * The same history for the hand-written daily job: the same rows in the same files, but with the
   * source's columns only, as the table of a job without Tidemark has no Tidemark columns.
   */
  Path naiveHistory(int copies) {
    return work.resolve("history/naive-x" + copies);
  }

  /**
   * Writes the sample unless this spec's files are there already.
   *
   * @return whether it wrote them
   */
  boolean generate(SampleSpec spec, Path raw, Path golden) throws IOException {
    Path marker = raw.getParent().resolve(raw.getFileName() + ".spec");
    String wanted = spec.toString();
    if (Files.exists(marker) && Files.readString(marker).equals(wanted)) {
      System.out.println("bench: reusing " + raw + " (" + wanted + ")");
      return false;
    }
    System.out.println("bench: generating " + raw + " (" + wanted + ") ...");
    long t0 = System.nanoTime();
    System.out.println(SampleGenerator.write(spec, raw, golden).describe());
    System.out.printf("bench: generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    Files.createDirectories(marker.getParent());
    Files.writeString(marker, wanted, StandardCharsets.UTF_8);
    return true;
  }

  /**
   * The daily feed's last landing folder alone under {@link #newDayRaw()}: an incremental run whose
   * watermark is the day before reads exactly that day.
   */
  void isolateNewDay(SampleSpec daily) throws IOException {
    String folder = "dt=" + daily.lastLandingDate();
    Path target = newDayRaw().resolve(folder);
    if (Files.isDirectory(target)) {
      return;
    }
    Files.createDirectories(newDayRaw());
    Files.move(dailyRaw().resolve(folder), target);
  }

  /**
   * The target as Tidemark would have left it after loading every day of the daily feed but the
   * last one, {@code copies} times over: copy k has its order ids prefixed and its order dates
   * moved back by k times the feed's length, so ten copies hold ten times the keys, spread over ten
   * times the partitions. Made with Tidemark's own extract and dedup, then written directly; the
   * naive job's copy ({@link #naiveHistory}) is written from the same rows.
   */
  void writeHistory(SparkSession spark, PipelineConfig pipeline, SampleSpec daily, int[] copies)
      throws IOException {
    DateRange loaded = new DateRange(daily.start(), daily.lastLandingDate().minusDays(1));
    List<SourceFile> files = new ArrayList<>();
    for (LandingFolder folder :
        new FolderLister(spark.sparkContext().hadoopConfiguration())
            .list(dailyRaw().toString(), pipeline.source().layout(), loaded)) {
      files.addAll(folder.files());
    }
    List<Column> columns = new ArrayList<>();
    for (String name : pipeline.columns()) {
      columns.add(Columns.col(name));
    }
    columns.add(functions.col(Columns.ROW_HASH));
    columns.add(functions.col(Columns.LANDING_DATE));
    columns.add(functions.lit("bench-history").as(Columns.RUN_ID));
    Dataset<Row> base = null;
    for (int n : copies) {
      Path path = history(n);
      Path marker = path.resolveSibling("x" + n + ".spec");
      // A history written with other table properties than a Tidemark target's is written again.
      String wanted =
          daily
              + " copies="
              + n
              + " rowHash="
              + RowHash.Version.CURRENT.property()
              + " stats="
              + pipeline.statsColumns().map(Object::toString).orElse("delta-default");
      Path naive = naiveHistory(n);
      Path naiveMarker = naive.resolveSibling(naive.getFileName() + ".spec");
      boolean tidemarkReused = Files.exists(marker) && Files.readString(marker).equals(wanted);
      boolean naiveReused =
          Files.exists(naiveMarker) && Files.readString(naiveMarker).equals(wanted);
      if (tidemarkReused && naiveReused) {
        System.out.println("bench: reusing history " + path + " and " + naive);
        continue;
      }
      if (base == null) {
        base =
            Stager.dedupedBatch(
                    spark,
                    pipeline,
                    files,
                    new Observation("bench_history"),
                    RowHash.Version.CURRENT)
                .where(functions.col(Columns.REJECT_REASON).isNull())
                .select(columns.toArray(Column[]::new));
        base = base.localCheckpoint();
      }
      long t0 = System.nanoTime();
      Dataset<Row> all = base;
      for (int k = 1; k < n; k++) {
        int shift = k * daily.days();
        all =
            all.unionByName(
                base.withColumn(
                        "order_id",
                        functions.concat(functions.lit("h" + k + "-"), functions.col("order_id")))
                    .withColumn(
                        "order_date", functions.date_sub(functions.col("order_date"), shift)));
      }
      if (!tidemarkReused) {
        System.out.println("bench: writing history " + path + " (" + n + " copies) ...");
        deleteTree(path);
        new TargetTable(spark, path.toString())
            .create(
                pipeline.source().schema(),
                pipeline.partitionColumn(),
                pipeline.name(),
                pipeline.statsColumns());
        all.write().format("delta").mode("append").save(path.toString());
        Files.writeString(marker, wanted, StandardCharsets.UTF_8);
      }
      if (!naiveReused) {
        System.out.println("bench: writing history " + naive + " (" + n + " copies) ...");
        deleteTree(naive);
        // One write, so version 0 is the history the naive job's repetitions start from.
        var writer = all.select(Columns.cols(pipeline.columns())).write().format("delta");
        pipeline.partitionColumn().ifPresent(p -> writer.partitionBy(p));
        writer.save(naive.toString());
        Files.writeString(naiveMarker, wanted, StandardCharsets.UTF_8);
      }
      System.out.printf("bench: history written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
  }

  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (var walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

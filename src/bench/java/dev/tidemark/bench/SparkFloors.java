package dev.tidemark.bench;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.reconcile.GoldenSource;
import dev.tidemark.source.RawReader;
import dev.tidemark.stage.Stager;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.Dedup;
import dev.tidemark.transform.RowHash;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code scripts/bench --floors}: the parts of a run measured alone, each written to Spark's {@code
 * noop} sink, so that the report shows, as ratios to the plain copy, what a goal leaves room for. A
 * forced rerun cannot cost less than the extract and the dedup's shuffle; a range reconciliation
 * cannot cost less than parsing the range's keys and the golden source. Each returns the rows it
 * wrote, so that a test can tell it did the work it names.
 */
final class SparkFloors {
  /** The cases, in the order the benchmark runs them. */
  static final List<String> CASES =
      List.of(
          "floor: parse",
          "floor: parse keys",
          "floor: parse golden",
          "floor: extract",
          "floor: extract, shuffle",
          "floor: extract, dedup");

  private final SparkSession spark;
  private final PipelineConfig pipeline;
  private final List<SourceFile> files;
  private final Dataset<Row> copied;

  /**
   * @param files the range's raw files, as a run lists them
   * @param copied the same range's rows as the plain copy reads them
   */
  SparkFloors(
      SparkSession spark, PipelineConfig pipeline, List<SourceFile> files, Dataset<Row> copied) {
    this.spark = spark;
    this.pipeline = pipeline;
    this.files = List.copyOf(files);
    this.copied = copied;
  }

  /** Runs one of {@link #CASES}; returns the rows it wrote. */
  long run(String name) {
    return switch (name) {
      case "floor: parse" -> noop(copied);
      case "floor: parse keys" -> noop(copied.select(Columns.cols(pipeline.keys())));
      case "floor: parse golden" -> noop(GoldenSource.read(spark, pipeline));
      case "floor: extract" -> noop(extracted());
      case "floor: extract, shuffle" ->
          noop(
              extracted()
                  .withColumn(Dedup.KEY_HASH, Dedup.keyHash(pipeline.keys()))
                  .repartition(Dedup.hashAndKeys(pipeline.keys())));
      case "floor: extract, dedup" -> noop(deduplicated());
      default -> throw new IllegalArgumentException("Cannot measure floor '" + name + "'");
    };
  }

  /** What a run's extract gives: parsed rows with their checks, hash and reject reasons. */
  private Dataset<Row> extracted() {
    return RawReader.read(spark, pipeline.source(), pipeline.keys(), files);
  }

  /** The extract and the dedup window, as a run's stage step does them, without the write. */
  private Dataset<Row> deduplicated() {
    return Stager.dedupedBatch(
        spark, pipeline, files, new Observation("tidemark_floor_read"), RowHash.Version.CURRENT);
  }

  private static long noop(Dataset<Row> rows) {
    Observation written = new Observation("tidemark_floor_written");
    rows.observe(written, functions.count(functions.lit(1)).as("rows"))
        .write()
        .format("noop")
        .mode("overwrite")
        .save();
    Object n = Stager.metrics(written).get("rows");
    return n == null ? 0 : ((Number) n).longValue();
  }
}

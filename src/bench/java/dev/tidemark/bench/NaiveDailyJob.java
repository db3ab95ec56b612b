package dev.tidemark.bench;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.plan.DateRange;
import dev.tidemark.transform.Columns;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The hand-written counterpart of Tidemark's incremental day: one landing day read, deduplicated
 * with {@code row_number()}, and MERGEd on the key into a history, with a partition predicate that
 * names the partition values the day's rows carry, so Delta reads only those partitions of the
 * target. Runs on its own copy of each history ({@link BenchData#naiveHistory}), written with the
 * source's columns only, as such a job's table has no Tidemark columns.
 */
final class NaiveDailyJob {
  private final SparkSession spark;
  private final PipelineConfig pipeline;
  private final Path raw;
  private final String partition;

  NaiveDailyJob(SparkSession spark, PipelineConfig pipeline, Path raw) {
    this.spark = spark;
    this.pipeline = pipeline;
    this.raw = raw;
    this.partition =
        pipeline
            .partitionColumn()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Cannot benchmark the naive daily job of "
                            + pipeline.name()
                            + ": it has no partition column to restrict the MERGE to"));
  }

  /** Puts the history back as it was written (version 0), as each repetition starts from it. */
  void reset(Path history) {
    DeltaTable table = DeltaTable.forPath(spark, history.toString());
    long version = table.history(1).select("version").head().getLong(0);
    if (version != 0) {
      table.restoreToVersion(0);
    }
  }

  void run(Path history, LocalDate day) {
    Dataset<Row> batch = Baselines.read(spark, pipeline, raw, new DateRange(day, day));
    // The partitions the day touches, found as such a job finds them: one small query first.
    Object[] values =
        batch.select(Columns.col(partition)).distinct().collectAsList().stream()
            .map(r -> r.get(0))
            .toArray();
    Column condition =
        Columns.keysEqual("t", "s", pipeline.keys()).and(Columns.col("t", partition).isin(values));
    DeltaTable.forPath(spark, history.toString())
        .as("t")
        .merge(Baselines.newestPerKey(pipeline, batch).as("s"), condition)
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }
}

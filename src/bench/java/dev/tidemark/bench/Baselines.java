package dev.tidemark.bench;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.plan.DateRange;
import dev.tidemark.transform.Columns;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * What people do without Tidemark, as the yardsticks: a plain copy of the raw range into a fresh
 * Delta table (the floor), and a hand-written job that deduplicates the range and MERGEs it on the
 * key alone, with no partition predicate (naive), into a fresh table or, run again, into the table
 * it wrote. Both write the target's layout: partitioned by the pipeline's partition column.
 */
final class Baselines {
  private final SparkSession spark;
  private final PipelineConfig pipeline;
  private final Path raw;
  private final Path floorTable;
  private final Path naiveTable;

  Baselines(SparkSession spark, PipelineConfig pipeline, Path raw, Path work) {
    this.spark = spark;
    this.pipeline = pipeline;
    this.raw = raw;
    this.floorTable = work.resolve("baselines/floor");
    this.naiveTable = work.resolve("baselines/naive");
  }

  void copy(DateRange range) throws IOException {
    BenchData.deleteTree(floorTable);
    var writer = read(range).write().format("delta");
    pipeline.partitionColumn().ifPresent(p -> writer.partitionBy(p));
    writer.save(floorTable.toString());
  }

  /** The hand-written job's first run: into a new, empty table. */
  void naiveMerge(DateRange range) throws IOException {
    BenchData.deleteTree(naiveTable);
    DeltaTableBuilder builder =
        DeltaTable.createIfNotExists(spark)
            .location(naiveTable.toString())
            .addColumns(pipeline.source().schema());
    if (pipeline.partitionColumn().isPresent()) {
      builder = builder.partitionedBy(pipeline.partitionColumn().get());
    }
    builder.execute();
    naiveRerun(range);
  }

  /**
   * The same job again over the same range, on the table it already wrote: what an orchestrator's
   * retry of a hand-written job costs, since it has no ledger to tell it nothing changed.
   */
  void naiveRerun(DateRange range) {
    DeltaTable.forPath(spark, naiveTable.toString())
        .as("t")
        .merge(
            newestPerKey(pipeline, read(range)).as("s"),
            Columns.keysEqual("t", "s", pipeline.keys()))
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  /** The raw rows deduplicated as a hand-written job does it: the newest row of each key. */
  static Dataset<Row> newestPerKey(PipelineConfig pipeline, Dataset<Row> rows) {
    Column[] newestFirst =
        pipeline.sequence().stream().map(c -> Columns.col(c).desc()).toArray(Column[]::new);
    return rows.withColumn(
            "rn",
            functions
                .row_number()
                .over(Window.partitionBy(Columns.cols(pipeline.keys())).orderBy(newestFirst)))
        .where("rn = 1")
        .drop("rn");
  }

  /** The range's raw rows, parsed as a hand-written job parses them. */
  Dataset<Row> read(DateRange range) {
    return read(spark, pipeline, raw, range);
  }

  static Dataset<Row> read(SparkSession spark, PipelineConfig pipeline, Path raw, DateRange range) {
    String[] folders =
        range.dates().stream()
            .map(d -> raw.resolve(pipeline.source().layout().dayFolder(d)).toString())
            .toArray(String[]::new);
    return spark.read().schema(pipeline.source().schema()).json(folders);
  }
}

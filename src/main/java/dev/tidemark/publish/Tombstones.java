package dev.tidemark.publish;

import dev.tidemark.control.ControlTable;
import dev.tidemark.control.Sql;
import dev.tidemark.transform.Columns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The tombstones control table: keys deleted from a target, with the version (sequence and row
 * hash) that deleted them, kept for the retention period. An incoming version of such a key that is
 * not newer than its tombstone is dropped, so a late, older version cannot bring it back.
 *
 * <p>One table serves every pipeline, so keys and sequences are stored as JSON objects of their
 * columns (microsecond timestamps, so no version is rounded onto another) and parsed back with the
 * pipeline's types when compared.
 */
public final class Tombstones {
  static final String TOMBSTONE = "tombstone";
  static final String MISSING_FROM_SNAPSHOT = "missing-from-snapshot";

  private static final Map<String, String> JSON =
      Map.of(
          "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
          "timestampNTZFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  private final SparkSession spark;
  private final ControlTable table;
  private final MergeSpec spec;
  private final DeleteContext context;

  Tombstones(SparkSession spark, MergeSpec spec, DeleteContext context) {
    this.spark = spark;
    this.table = context.controlTables().tombstones();
    this.spec = spec;
    this.context = context;
  }

  /**
   * The pipeline's tombstones within retention, for reconciliation; empty when the pipeline never
   * deletes or has deleted nothing yet.
   */
  public static Optional<Dataset<Row>> rememberedFor(
      SparkSession spark, MergeSpec spec, DeleteContext context) {
    if (!context.deletes() || !context.controlTables().tombstones().exists(spark)) {
      return Optional.empty();
    }
    return Optional.of(new Tombstones(spark, spec, context).remembered());
  }

  /** The landing date of the folder a remembered delete came from, in {@link #remembered}. */
  public static final String LANDING = "_tm_deleted_by_landing";

  /**
   * The pipeline's tombstones within retention: key columns, sequence columns, row hash, and the
   * landing date of the folder the delete came from ({@link #LANDING}).
   */
  Dataset<Row> remembered() {
    Column pipeline = functions.col("pipeline").equalTo(spec.pipeline());
    Dataset<Row> rows =
        table
            .read(spark)
            .where(pipeline.and(functions.col("deleted_at").geq(cutoff())))
            .select(
                functions.from_json(functions.col("key"), schemaOf(spec.keys()), JSON).as("k"),
                functions
                    .from_json(functions.col("sequence"), schemaOf(spec.sequence()), JSON)
                    .as("q"),
                functions.col("row_hash").as(Columns.ROW_HASH),
                functions.col("landing_date").as(LANDING));
    List<Column> columns = new ArrayList<>();
    spec.keys().forEach(k -> columns.add(Columns.col("k", k).as(k)));
    spec.sequence().forEach(c -> columns.add(Columns.col("q", c).as(c)));
    columns.add(functions.col(Columns.ROW_HASH));
    columns.add(functions.col(LANDING));
    return rows.select(columns.toArray(Column[]::new));
  }

  /**
   * Records deleted keys: {@code deleted} holds the key, sequence, partition and lineage columns of
   * the version that deletes each key, and {@link #REASON}. Replaces this run's earlier rows, so a
   * retried run never records a delete twice.
   */
  void write(Dataset<Row> deleted, String runId) {
    Column partition =
        spec.partitionColumn()
            .map(p -> Columns.col(p).cast("string"))
            .orElse(functions.lit(null).cast("string"));
    Dataset<Row> rows =
        deleted.select(
            functions.lit(spec.pipeline()).as("pipeline"),
            json(spec.keys()).as("key"),
            json(spec.sequence()).as("sequence"),
            functions.col(Columns.ROW_HASH).as("row_hash"),
            partition.as("partition_value"),
            functions.col(Columns.LANDING_DATE).as("landing_date"),
            functions.col(REASON).as("reason"),
            functions.lit(runId).as("run_id"),
            functions.lit(Timestamp.from(context.now())).as("deleted_at"));
    table.replace(
        rows, "pipeline = " + Sql.string(spec.pipeline()) + " AND run_id = " + Sql.string(runId));
  }

  /** Forgets the pipeline's tombstones older than the retention. */
  void purge() {
    table
        .ref()
        .delta(spark)
        .delete(
            functions
                .col("pipeline")
                .equalTo(spec.pipeline())
                .and(functions.col("deleted_at").lt(cutoff())));
  }

  /** Name of the column holding why a key was deleted, in the rows given to {@link #write}. */
  static final String REASON = "_tm_delete_reason";

  private Column cutoff() {
    Instant cutoff = context.now().minus(context.config().tombstoneRetention());
    return functions.lit(Timestamp.from(cutoff));
  }

  private Column json(List<String> columns) {
    return functions.to_json(functions.struct(Columns.cols(columns)), JSON);
  }

  private StructType schemaOf(List<String> columns) {
    StructType schema = new StructType();
    for (String column : columns) {
      schema = schema.add(spec.businessSchema().apply(column));
    }
    return schema;
  }
}

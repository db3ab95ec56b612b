package dev.tidemark.ledger;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One control table: a Delta table at a fixed location with a public, versioned schema. Writes
 * replace the rows a predicate selects (by run id, by pipeline) in one commit, so repeating a write
 * never duplicates a row.
 */
public final class ControlTable {
  /** Stored as a table property; bumped only with a migration. */
  public static final String SCHEMA_VERSION = "1";

  private final String name;
  private final String path;
  private final StructType schema;

  ControlTable(String name, String path, StructType schema) {
    this.name = name;
    this.path = path;
    this.schema = schema;
  }

  public String name() {
    return name;
  }

  public String path() {
    return path;
  }

  public StructType schema() {
    return schema;
  }

  boolean exists(SparkSession spark) {
    Path log = new Path(path, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check control table " + name + " at " + path, e);
    }
  }

  void create(SparkSession spark) {
    DeltaTable.createIfNotExists(spark)
        .location(path)
        .addColumns(schema)
        .property("tidemark.table", name)
        .property("tidemark.schema.version", SCHEMA_VERSION)
        .execute();
  }

  /** The table's rows; none when it was never created (a fresh warehouse, a dry run). */
  public Dataset<Row> read(SparkSession spark) {
    if (!exists(spark)) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.read().format("delta").load(path);
  }

  /** Replaces the rows matching {@code predicate} (SQL over this table's columns) with rows. */
  public void replace(SparkSession spark, List<Row> rows, String predicate) {
    replace(spark.createDataFrame(rows, schema), predicate);
  }

  public void replace(Dataset<Row> rows, String predicate) {
    rows.write().format("delta").mode("overwrite").option("replaceWhere", predicate).save(path);
  }

  public void append(Dataset<Row> rows) {
    rows.write().format("delta").mode("append").save(path);
  }
}

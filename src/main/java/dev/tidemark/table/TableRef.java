package dev.tidemark.table;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where a Delta table is: a path (a local folder, {@code s3a://}, {@code dbfs:/}, a volume) or a
 * catalog name ({@code catalog.schema.table}: Unity Catalog on Databricks, a Hive metastore on a
 * cluster, Spark's session catalog locally). Every target and control-table access goes through
 * one, so the rest of Tidemark does not care which it is.
 */
public sealed interface TableRef permits TableRef.AtPath, TableName {

  /** A table addressed by its folder. */
  static TableRef path(String path) {
    return new AtPath(path);
  }

  /** The table's rows, newest version. */
  Dataset<Row> read(SparkSession spark);

  /** The table's rows as of a version (time travel). */
  Dataset<Row> readVersion(SparkSession spark, long version);

  /** Delta's handle (history, MERGE, RESTORE, OPTIMIZE, delete). */
  DeltaTable delta(SparkSession spark);

  boolean exists(SparkSession spark);

  /** A builder that creates the table if absent; its schema (and for a name, the schema's). */
  DeltaTableBuilder createIfNotExists(SparkSession spark);

  /** Replaces the rows matching {@code predicate} (SQL over the table's columns) with rows. */
  void overwrite(Dataset<Row> rows, String predicate);

  /**
   * Adds rows in one commit, reading nothing: a fraction of an {@link #overwrite}, which must find
   * and rewrite the files its predicate matches.
   */
  void append(Dataset<Row> rows);

  /** The table in SQL text: {@code delta.`path`} or the quoted name. */
  String sql();

  /** True for a catalog name. */
  default boolean isName() {
    return this instanceof TableName;
  }

  /** The folder of a path-addressed table; empty for a name (the catalog knows where it is). */
  Optional<String> path();

  /** A path-addressed Delta table. */
  record AtPath(String location) implements TableRef {
    @Override
    public Dataset<Row> read(SparkSession spark) {
      return spark.read().format("delta").load(location);
    }

    @Override
    public Dataset<Row> readVersion(SparkSession spark, long version) {
      return spark.read().format("delta").option("versionAsOf", version).load(location);
    }

    @Override
    public DeltaTable delta(SparkSession spark) {
      return DeltaTable.forPath(spark, location);
    }

    @Override
    public boolean exists(SparkSession spark) {
      return hasDeltaLog(spark, location);
    }

    @Override
    public DeltaTableBuilder createIfNotExists(SparkSession spark) {
      return DeltaTable.createIfNotExists(spark).location(location);
    }

    @Override
    public void overwrite(Dataset<Row> rows, String predicate) {
      rows.write()
          .format("delta")
          .mode("overwrite")
          .option("replaceWhere", predicate)
          .save(location);
    }

    @Override
    public void append(Dataset<Row> rows) {
      rows.write().format("delta").mode("append").save(location);
    }

    @Override
    public String sql() {
      return "delta.`" + location.replace("`", "``") + "`";
    }

    @Override
    public Optional<String> path() {
      return Optional.of(location);
    }

    @Override
    public String toString() {
      return location;
    }
  }

  /** True when a Delta log exists at this folder: one file-system call, no Spark job. */
  static boolean hasDeltaLog(SparkSession spark, String location) {
    Path log = new Path(location, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check for a Delta table at " + location, e);
    }
  }

  /** Quotes identifier parts for SQL text. */
  static String quote(List<String> parts) {
    return String.join(".", parts.stream().map(p -> "`" + p.replace("`", "``") + "`").toList());
  }
}

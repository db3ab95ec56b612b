package dev.tidemark.control;

import dev.tidemark.kernel.KernelTables;
import dev.tidemark.runtime.JvmWide;
import dev.tidemark.table.TableRef;
import dev.tidemark.transform.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One control table: a Delta table at a fixed location or name with a public, versioned schema.
 * Writes replace the rows a predicate selects (by run id, by pipeline) in one commit, so repeating
 * a write never duplicates a row; rows keyed by an id no earlier write can hold (a run's first row)
 * are appended instead, which reads nothing.
 */
public final class ControlTable {

  /** Tables whose schema this JVM already checked (see {@link JvmWide#CHECKED_TABLES}). */
  private static final Set<String> MIGRATED = JvmWide.CHECKED_TABLES;

  private final String name;
  private final TableRef ref;
  private final StructType schema;
  private final int schemaVersion;
  private final ConflictRetry retry;

  /**
   * @param schemaVersion stored as the table property tidemark.schema.version; raised with every
   *     change of the schema, which only ever adds columns
   */
  ControlTable(
      String name, TableRef ref, StructType schema, int schemaVersion, ConflictRetry retry) {
    this.name = name;
    this.ref = ref;
    this.schema = schema;
    this.schemaVersion = schemaVersion;
    this.retry = retry;
  }

  public String name() {
    return name;
  }

  /** Where the table is: a path, or a name in a catalog (tidemark.control-schema). */
  public TableRef ref() {
    return ref;
  }

  /**
   * The table's folder when the control tables are under a control location; fails for named
   * control tables (tidemark.control-schema): use {@link #ref()}.
   */
  public String path() {
    return ref.path()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Cannot give a path for control table " + ref + ": it is a table name"));
  }

  public StructType schema() {
    return schema;
  }

  public boolean exists(SparkSession spark) {
    return ref.exists(spark);
  }

  /**
   * True when this JVM has created or migrated the table and it is still there: opening it again
   * costs one listing and no Spark job.
   */
  boolean isChecked(SparkSession spark) {
    return MIGRATED.contains(ref.toString()) && exists(spark);
  }

  /**
   * A table at a path is created through Kernel, in milliseconds where Spark's create command takes
   * most of a second; a named table, or where Kernel is not shipped (the Databricks jar), through
   * Spark. Losing a race to another process's create leaves its table, checked as any found table.
   */
  void create(SparkSession spark) {
    Map<String, String> properties =
        Map.of("tidemark.table", name, "tidemark.schema.version", String.valueOf(schemaVersion));
    if (ref.path().isPresent() && KernelTables.available() && isEmpty(spark, ref.path().get())) {
      KernelTables kernel = new KernelTables(spark.sparkContext().hadoopConfiguration());
      if (!kernel.create(ref.path().get(), schema, properties)) {
        migrate(spark);
        return;
      }
    } else {
      var create = ref.createIfNotExists(spark).addColumns(schema);
      properties.forEach(create::property);
      create.execute();
    }
    MIGRATED.add(ref.toString());
  }

  /**
   * No folder, or an empty one. Files already there (plain Parquet, another tool's data) are left
   * to Spark's create, which refuses them with its own error naming the folder: Kernel would make a
   * table of nothing over them.
   */
  private static boolean isEmpty(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(path);
    try {
      org.apache.hadoop.fs.FileSystem fs =
          folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return !fs.exists(folder) || fs.listStatus(folder).length == 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot list " + path, e);
    }
  }

  /**
   * Brings a table written by an earlier Tidemark up to this schema: columns added since are added
   * (NULL in old rows). Anything else (a column of another type) needs a real migration, so it
   * stops with a message rather than guessing. Checked once per JVM and table.
   */
  void migrate(SparkSession spark) {
    if (MIGRATED.contains(ref.toString())) {
      return;
    }
    StructType current = ref.read(spark).schema();
    List<String> added = new ArrayList<>();
    for (StructField field : schema.fields()) {
      Optional<StructField> existing =
          Arrays.stream(current.fields()).filter(f -> f.name().equals(field.name())).findFirst();
      if (existing.isEmpty()) {
        added.add(Columns.quote(field.name()) + " " + field.dataType().sql());
      } else if (!existing.get().dataType().sameType(field.dataType())) {
        throw new IllegalStateException(
            "Cannot use control table "
                + name
                + " at "
                + ref
                + ": its column "
                + field.name()
                + " is "
                + existing.get().dataType().simpleString()
                + " where this Tidemark writes "
                + field.dataType().simpleString()
                + ". Point tidemark.control-location (or control-schema) elsewhere, or migrate the table");
      }
    }
    if (!added.isEmpty()) {
      spark.sql("ALTER TABLE " + ref.sql() + " ADD COLUMNS (" + String.join(", ", added) + ")");
      spark.sql(
          "ALTER TABLE "
              + ref.sql()
              + " SET TBLPROPERTIES ('tidemark.schema.version' = '"
              + schemaVersion
              + "')");
    }
    MIGRATED.add(ref.toString());
  }

  /**
   * The table's rows in this Tidemark's schema; none when it was never created (a fresh warehouse,
   * a dry run). Columns an older Tidemark did not write read as NULL, so reading never needs a
   * migration first.
   */
  public Dataset<Row> read(SparkSession spark) {
    if (!exists(spark)) {
      return spark.createDataFrame(List.of(), schema);
    }
    Dataset<Row> rows = ref.read(spark);
    List<String> present = Arrays.asList(rows.columns());
    return rows.select(
        Arrays.stream(schema.fields())
            .map(
                f ->
                    present.contains(f.name())
                        ? Columns.col(f.name())
                        : functions.lit(null).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new));
  }

  /** Replaces the rows matching {@code predicate} (SQL over this table's columns) with rows. */
  public void replace(SparkSession spark, List<Row> rows, String predicate) {
    replace(spark.createDataFrame(rows, schema), predicate);
  }

  public void replace(Dataset<Row> rows, String predicate) {
    // The table is not partitioned, so Delta sees any concurrent write to it (another run's row)
    // as a conflict with this overwrite: written again on the new snapshot, it replaces the same
    // rows and leaves the other run's alone.
    write(() -> ref.overwrite(rows, predicate));
  }

  /**
   * Adds rows whose key no earlier write can have used, such as a new run's id. A replace would
   * first look for rows to remove, a scan and a rewrite in Delta: about ten times an append's cost
   * for one row, paid by every run.
   */
  public void append(SparkSession spark, List<Row> rows) {
    append(spark.createDataFrame(rows, schema));
  }

  public void append(Dataset<Row> rows) {
    // A blind append conflicts only with a change of the table's schema or properties; the commit
    // did not happen then, so writing again adds the rows once.
    write(() -> ref.append(rows));
  }

  /** One write to this table, retried when it loses a race to another commit. */
  private void write(Runnable write) {
    retry.run("write the " + name + " table at " + ref, write);
  }
}

package dev.tidemark.table;

import dev.tidemark.transform.Columns;
import dev.tidemark.transform.RowHash;
import io.delta.tables.DeltaTableBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The Delta table a pipeline publishes to. */
public final class TargetTable implements TargetLog {
  /** How far back in the target's history to look for a run's commit. */
  public static final int HISTORY_DEPTH = 100;

  private final SparkSession spark;
  private final TableRef ref;

  public TargetTable(SparkSession spark, TableRef ref) {
    this.spark = spark;
    this.ref = ref;
  }

  /** A table at a folder (a staging table). */
  public TargetTable(SparkSession spark, String path) {
    this(spark, TableRef.path(path));
  }

  /** A Delta commit, with the operation metrics Delta recorded for it. */
  public record Commit(long version, String operation, Map<String, String> metrics) {
    public long metric(String name) {
      String value = metrics.get(name);
      return value == null ? 0L : Long.parseLong(value);
    }
  }

  /** The target's columns: the business columns, then Tidemark's lineage columns. */
  public static StructType schema(StructType business) {
    return business
        .add(Columns.ROW_HASH, DataTypes.LongType, false)
        .add(Columns.LANDING_DATE, DataTypes.DateType)
        .add(Columns.RUN_ID, DataTypes.StringType);
  }

  /** Where the table is: its path or its name, as configured. */
  public TableRef ref() {
    return ref;
  }

  /** The path or the name, for messages and reports. */
  @Override
  public String path() {
    return ref.toString();
  }

  @Override
  public boolean exists() {
    return ref.exists(spark);
  }

  public Dataset<Row> read() {
    return ref.read(spark);
  }

  /** The target's columns without Tidemark's own ({@code _tm_...}): what the pipeline declares. */
  public StructType businessSchema() {
    StructType business = new StructType();
    for (org.apache.spark.sql.types.StructField field : read().schema().fields()) {
      if (!field.name().startsWith(Columns.RESERVED_PREFIX)) {
        business = business.add(field);
      }
    }
    return business;
  }

  /** The business columns the target does not have (Delta compares names case-insensitively). */
  public List<String> lacks(StructType business) {
    java.util.Set<String> present = new java.util.HashSet<>();
    for (String name : businessSchema().fieldNames()) {
      present.add(name.toLowerCase(java.util.Locale.ROOT));
    }
    return java.util.Arrays.stream(business.fieldNames())
        .filter(c -> !present.contains(c.toLowerCase(java.util.Locale.ROOT)))
        .toList();
  }

  /**
   * How the target's row hashes are computed: what its table property says, {@link
   * RowHash.Version#CURRENT} for a target not created yet.
   */
  public RowHash.Version rowHashVersion() {
    if (!exists()) {
      return RowHash.Version.CURRENT;
    }
    Map<String, String> properties =
        ref.delta(spark).detail().select("properties").first().getJavaMap(0);
    return RowHash.Version.ofProperty(
        Optional.ofNullable(properties.get(RowHash.Version.PROPERTY)));
  }

  /** The newest version, or empty when the table does not exist. */
  @Override
  public Optional<Long> version() {
    return latest().map(Commit::version);
  }

  /** The newest commit (version and operation, no metrics), or empty when there is no table. */
  public Optional<Commit> latest() {
    if (!exists()) {
      return Optional.empty();
    }
    Row last = ref.delta(spark).history(1).select("version", "operation").first();
    return Optional.of(new Commit(last.getLong(0), last.getString(1), Map.of()));
  }

  /** Delta's name for a CREATE TABLE without AS SELECT: a commit that adds no files. */
  public static final String CREATE_TABLE = "CREATE TABLE";

  /**
   * Creates the target unless it exists.
   *
   * @param statsColumns the columns Delta keeps file statistics for; empty for Delta's default
   */
  public void create(
      StructType business,
      Optional<String> partitionColumn,
      String pipeline,
      Optional<List<String>> statsColumns) {
    DeltaTableBuilder builder =
        ref.createIfNotExists(spark)
            .addColumns(schema(business))
            .property("tidemark.pipeline", pipeline)
            .property(RowHash.Version.PROPERTY, RowHash.Version.CURRENT.property());
    if (statsColumns.isPresent()) {
      builder = builder.property(STATS_COLUMNS, quotedList(statsColumns.get()));
    }
    if (partitionColumn.isPresent()) {
      builder = builder.partitionedBy(partitionColumn.get());
    }
    builder.execute();
  }

  /** Delta's table property for the columns it keeps file statistics for. */
  public static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  /** Column names as Delta's property parses them: back-quoted, so any name survives. */
  private static String quotedList(List<String> columns) {
    return columns.stream().map(Columns::quote).collect(java.util.stream.Collectors.joining(","));
  }

  /**
   * Operations that leave a table's rows as they were: compaction, cleaning, properties, columns
   * added (NULL in every row).
   */
  private static final Set<String> ROWS_KEPT =
      Set.of(
          "OPTIMIZE",
          "VACUUM START",
          "VACUUM END",
          "SET TBLPROPERTIES",
          "UNSET TBLPROPERTIES",
          "ADD COLUMNS",
          "UPGRADE PROTOCOL",
          "REORG");

  /** True for an operation that leaves every row as it was (OPTIMIZE, VACUUM, properties). */
  public static boolean keepsRows(String operation) {
    return ROWS_KEPT.contains(operation);
  }

  /** A commit as the history gives it: its version, operation and userMetadata (a run's id). */
  public record Entry(long version, String operation, Optional<String> userMetadata) {}

  /**
   * The commits from {@code version} through {@code latest}, oldest first: those the log still
   * holds (Delta reads the newest commit files first, so older ones are not read).
   */
  @Override
  public List<Entry> historyFrom(long version, long latest) {
    return ref
        .delta(spark)
        .history((int) Math.min(Integer.MAX_VALUE, latest - version + 1))
        .where(functions.col("version").geq(version))
        .select("version", "operation", "userMetadata")
        .orderBy("version")
        .collectAsList()
        .stream()
        .map(c -> new Entry(c.getLong(0), c.getString(1), Optional.ofNullable(c.getString(2))))
        .toList();
  }

  /** What Delta says the table is: its id (new whenever it is created) and its folder. */
  public record Identity(String id, String location) {}

  /** The table's id and location, empty when there is no table. */
  @Override
  public Optional<Identity> identity() {
    if (!exists()) {
      return Optional.empty();
    }
    Row detail = ref.delta(spark).detail().select("id", "location").first();
    return Optional.of(new Identity(detail.getString(0), detail.getString(1)));
  }

  /**
   * Files in the table's {@code _delta_log} of versions after {@code version} (checksum files a
   * removed commit left, say): a new commit of that version would be checked against them and fail
   * to be read.
   */
  @Override
  public List<String> logFilesAfter(long version, String location) {
    return DeltaLogFiles.after(spark.sparkContext().hadoopConfiguration(), location, version);
  }

  @Override
  public <T> T reading(java.util.function.Supplier<T> read) {
    return DeltaLogs.reading(ref, read);
  }

  /** The commit a run made, found by the run id it carries as userMetadata. */
  public Optional<Commit> findCommit(String runId, int depth) {
    if (!exists()) {
      return Optional.empty();
    }
    List<Row> rows =
        ref.delta(spark)
            .history(depth)
            .where(functions.col("userMetadata").equalTo(runId))
            .select("version", "operation", "operationMetrics")
            .collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Row row = rows.get(0);
    Map<String, String> metrics = new HashMap<>();
    if (!row.isNullAt(2)) {
      row.<String, String>getJavaMap(2).forEach(metrics::put);
    }
    return Optional.of(new Commit(row.getLong(0), row.getString(1), metrics));
  }
}

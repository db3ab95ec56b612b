package dev.tidemark.control;

import dev.tidemark.config.ConflictSettings;
import dev.tidemark.config.Ddl;
import dev.tidemark.config.Settings;
import dev.tidemark.runtime.JvmWide;
import dev.tidemark.spark.AsThrown;
import dev.tidemark.table.DeltaLogs;
import dev.tidemark.table.TableName;
import dev.tidemark.table.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The control tables: under one control location, or named in one schema (control-schema). Their
 * schemas are public (notebooks and dashboards read them) and change only with a migration; the
 * README documents every column.
 */
public final class ControlStore {
  static final StructType FILE = Ddl.columns("path STRING, size BIGINT, modified_at TIMESTAMP");

  static final StructType PLANNED_FOLDER =
      new StructType()
          .add("landing_date", Ddl.type("date"))
          .add("path", Ddl.type("string"))
          .add("action", Ddl.type("string"))
          .add("fingerprint", Ddl.type("string"))
          .add("files", new org.apache.spark.sql.types.ArrayType(FILE, true))
          .add("files_read", Ddl.type("array<string>"));

  static final StructType RUNS =
      Ddl.columns(
              "run_id STRING, pipeline STRING, mode STRING, range_from DATE, range_to DATE,"
                  + " status STRING, error STRING, started_at TIMESTAMP, ended_at TIMESTAMP,"
                  + " duration_ms BIGINT, stage_ms MAP<STRING, BIGINT>,"
                  + " folders_read INT, files_read INT, bytes_read BIGINT,"
                  + " rows_read BIGINT, rows_quarantined BIGINT, rows_valid BIGINT,"
                  + " duplicates_removed BIGINT, exact_duplicates BIGINT,"
                  + " duplicate_keys_per_1000 DOUBLE,"
                  + " rows_inserted BIGINT, rows_updated BIGINT, rows_deleted BIGINT,"
                  + " rows_unchanged BIGINT, rows_stale BIGINT,"
                  + " files_added BIGINT, files_removed BIGINT,"
                  + " target_version_before BIGINT, target_version_after BIGINT,"
                  + " landing_watermark_before DATE, landing_watermark_after DATE,"
                  + " event_watermark_before TIMESTAMP, event_watermark_after TIMESTAMP,"
                  + " watermark_lag_seconds BIGINT,"
                  + " missing BIGINT, extra BIGINT, mismatched BIGINT, mismatch_count BIGINT,"
                  + " target_duplicate_keys BIGINT,"
                  + " tidemark_version STRING, config_hash STRING")
          .add("plan", new org.apache.spark.sql.types.ArrayType(PLANNED_FOLDER, true))
          // Schema version 2 (Tidemark 0.2): the columns below were added; older rows read NULL.
          .add("target_rows_checked", Ddl.type("bigint"))
          .add("target_duplicate_keys_per_1000", Ddl.type("double"))
          .add("threshold_breaches", Ddl.type("array<string>"))
          .add("schema_version", Ddl.type("int"))
          // Schema version 3: what a forced rerun parsed and found as published, not merged again.
          .add("files_verified", Ddl.type("int"))
          .add("rows_verified", Ddl.type("bigint"))
          // Schema version 4: the Delta table id of the target the run published to, so the next
          // run can tell the table its runs published from one created again at the same place;
          // tombstones of keys the target did not hold, once counted unchanged.
          .add("target_table_id", Ddl.type("string"))
          .add("rows_nothing_to_delete", Ddl.type("bigint"))
          // Schema version 5: a batch of a backfill says which, of how many, of what range.
          .add("batch", Ddl.type("int"))
          .add("batches", Ddl.type("int"))
          .add("backfill_from", Ddl.type("date"))
          .add("backfill_to", Ddl.type("date"))
          // Schema version 6: the hours of a range that starts or ends within a day (hourly
          // layouts; NULL for whole days), and of the landing watermark of an hourly layout.
          .add("range_from_hour", Ddl.type("int"))
          .add("range_to_hour", Ddl.type("int"))
          .add("backfill_from_hour", Ddl.type("int"))
          .add("backfill_to_hour", Ddl.type("int"))
          .add("landing_hour_before", Ddl.type("int"))
          .add("landing_hour_after", Ddl.type("int"));

  static final StructType WATERMARKS =
      Ddl.columns(
              "pipeline STRING, landing_watermark DATE, event_watermark TIMESTAMP,"
                  + " run_id STRING, updated_at TIMESTAMP")
          // Schema version 2: the landing watermark's hour, in an hourly layout.
          .add("landing_hour", Ddl.type("int"));

  static final StructType INTERVALS =
      Ddl.columns(
              "pipeline STRING, landing_date DATE, status STRING, fingerprint STRING,"
                  + " file_count INT, bytes BIGINT, config_hash STRING, run_id STRING,"
                  + " processed_at TIMESTAMP")
          .add("files", new org.apache.spark.sql.types.ArrayType(FILE, true))
          // Schema version 2: each file's digest of parsed rows, by path (see FileDigests).
          .add("file_digests", Ddl.type("map<string,string>"));

  static final StructType RECONCILIATION =
      Ddl.columns(
          "run_id STRING, pipeline STRING, checked_at TIMESTAMP, scope STRING,"
              + " reference STRING, as_of DATE, reference_rows BIGINT, target_rows BIGINT,"
              + " missing BIGINT, extra BIGINT, mismatched BIGINT, target_duplicate_keys BIGINT,"
              + " mismatched_columns MAP<STRING, BIGINT>,"
              + " missing_sample ARRAY<STRING>, extra_sample ARRAY<STRING>,"
              + " mismatched_sample ARRAY<STRING>, status STRING, breach STRING");

  static final StructType QUARANTINE =
      Ddl.columns(
              "pipeline STRING, run_id STRING, landing_date DATE, source_file STRING,"
                  + " reason STRING, raw STRING, quarantined_at TIMESTAMP")
          // Schema version 2: `tidemark quarantine replay` marks the rows it merged.
          .add("replayed_at", Ddl.type("timestamp"))
          .add("replay_run_id", Ddl.type("string"));

  /** Version of the quarantine table's schema, raised with every change. */
  static final int QUARANTINE_VERSION = 2;

  static final StructType QUALITY =
      Ddl.columns(
          "run_id STRING, pipeline STRING, range_from DATE, range_to DATE, check_name STRING,"
              + " check_type STRING, columns ARRAY<STRING>, severity STRING, status STRING,"
              + " failing_rows BIGINT, observed BIGINT, sample_keys ARRAY<STRING>,"
              + " details STRING, checked_at TIMESTAMP");

  static final StructType TOMBSTONES =
      Ddl.columns(
          "pipeline STRING, key STRING, sequence STRING, row_hash BIGINT, partition_value STRING,"
              + " landing_date DATE, reason STRING, run_id STRING, deleted_at TIMESTAMP");

  static final StructType SNAPSHOT_COVERAGE =
      Ddl.columns(
          "pipeline STRING, partition_value STRING, landing_date DATE, folder STRING,"
              + " run_id STRING, recorded_at TIMESTAMP");

  private final String location;
  private final ControlTable runs;
  private final ControlTable watermarks;
  private final ControlTable intervals;
  private final ControlTable reconciliation;
  private final ControlTable quarantine;
  private final ControlTable quality;
  private final ControlTable tombstones;
  private final ControlTable snapshotCoverage;

  public ControlStore(String location) {
    this(location, ConflictSettings.DEFAULT);
  }

  /**
   * @param conflicts how a write that lost a race to a concurrent run's commit is retried
   */
  public ControlStore(String location, ConflictSettings conflicts) {
    this(location, conflicts, table -> TableRef.path(location + "/" + table));
  }

  /**
   * The control tables of these settings: Delta tables under {@code tidemark.control-location}, or
   * named {@code <tidemark.control-schema>.<table>} (e.g. spark_catalog.tidemark.runs). Staging
   * tables and run locks are files under the control location either way.
   */
  public static ControlStore of(Settings settings) {
    if (settings.controlSchema().isEmpty()) {
      return new ControlStore(settings.controlLocation(), settings.conflicts());
    }
    List<String> schema = settings.controlSchema().get();
    return new ControlStore(
        settings.controlLocation(),
        settings.conflicts(),
        table -> {
          List<String> parts = new java.util.ArrayList<>(schema);
          parts.add(table);
          return TableName.of(parts, settings.warehouse());
        });
  }

  private ControlStore(
      String location, ConflictSettings conflicts, Function<String, TableRef> tableRef) {
    this.location = location;
    ConflictRetry retry = new ConflictRetry(conflicts);
    this.runs =
        new ControlTable("runs", tableRef.apply("runs"), RUNS, RunRecord.SCHEMA_VERSION, retry);
    this.watermarks =
        new ControlTable("watermarks", tableRef.apply("watermarks"), WATERMARKS, 2, retry);
    this.intervals =
        new ControlTable("intervals", tableRef.apply("intervals"), INTERVALS, 2, retry);
    this.reconciliation =
        new ControlTable(
            "reconciliation", tableRef.apply("reconciliation"), RECONCILIATION, 1, retry);
    this.quarantine =
        new ControlTable(
            "quarantine", tableRef.apply("quarantine"), QUARANTINE, QUARANTINE_VERSION, retry);
    this.quality = new ControlTable("quality", tableRef.apply("quality"), QUALITY, 1, retry);
    this.tombstones =
        new ControlTable("tombstones", tableRef.apply("tombstones"), TOMBSTONES, 1, retry);
    this.snapshotCoverage =
        new ControlTable(
            "snapshot_coverage", tableRef.apply("snapshot_coverage"), SNAPSHOT_COVERAGE, 1, retry);
  }

  public String location() {
    return location;
  }

  /**
   * Where a run's staging table lives until the run commits. A path even when the tables are names:
   * a staging table belongs to one run and lives minutes, and a name in a shared catalog would be
   * one more thing a crash leaves behind (and, locally, to attach again).
   */
  public String stagingPath(String pipeline, String runId) {
    return location + "/staging/" + pipeline + "/" + runId;
  }

  public String locksPath() {
    return location + "/locks";
  }

  public ControlTable runs() {
    return runs;
  }

  public ControlTable watermarks() {
    return watermarks;
  }

  public ControlTable intervals() {
    return intervals;
  }

  public ControlTable reconciliation() {
    return reconciliation;
  }

  public ControlTable quarantine() {
    return quarantine;
  }

  /** One row per quality check per run: the audit stage's results. */
  public ControlTable quality() {
    return quality;
  }

  public ControlTable tombstones() {
    return tombstones;
  }

  public ControlTable snapshotCoverage() {
    return snapshotCoverage;
  }

  public List<ControlTable> all() {
    return List.of(
        runs,
        watermarks,
        intervals,
        reconciliation,
        quarantine,
        quality,
        tombstones,
        snapshotCoverage);
  }

  /** Deletes every control row of a pipeline (demo --reset): it starts again from nothing. */
  public void forget(SparkSession spark, String pipeline) {
    for (ControlTable table : all()) {
      if (table.exists(spark)) {
        table
            .ref()
            .delta(spark)
            .delete(org.apache.spark.sql.functions.col("pipeline").equalTo(pipeline));
      }
    }
  }

  /**
   * Creates the tables that do not exist yet; cheap when they all do (one listing each). The
   * quality table is created by the first audit that writes to it ({@link
   * #ensureExist(SparkSession, ControlTable)}): pipelines without checks never need it.
   */
  public ControlStore ensureExist(SparkSession spark) {
    // Two runs starting together on a fresh warehouse must not both create a table: the loser's
    // create would fail on the winner's first commit. Runs on other warehouses need not wait.
    synchronized (creationLock()) {
      // The delete tables too are created by the first pipeline that deletes
      // (ensureDeleteTables): most pipelines never need them.
      List<ControlTable> needed =
          all().stream()
              .filter(t -> t != quality && t != tombstones && t != snapshotCoverage)
              .toList();
      ensureExistAlone(spark, needed);
    }
    return this;
  }

  /**
   * Creates or migrates the tables side by side: each create is a Delta commit of its own, mostly
   * file system round trips, and one after another they took seconds of every first run. Tables
   * this JVM has already checked, and that are still there, need neither: a later run starts no
   * thread for them.
   */
  private void ensureExistAlone(SparkSession spark, List<ControlTable> tables) {
    List<ControlTable> unchecked = tables.stream().filter(t -> !t.isChecked(spark)).toList();
    if (unchecked.size() <= 1) {
      unchecked.forEach(t -> createOrMigrate(spark, t));
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            unchecked.size(),
            r -> {
              Thread t = new Thread(r, "tidemark-control-tables");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> done = new ArrayList<>();
      for (ControlTable table : unchecked) {
        done.add(
            pool.submit(
                () -> {
                  // Delta looks up the active session on the calling thread.
                  SparkSession.setActiveSession(spark);
                  createOrMigrate(spark, table);
                }));
      }
      AsThrown.awaitAll(done, "the control tables to open");
    } finally {
      pool.shutdown();
    }
  }

  /** One lock per control location: what two runs can race for is the same tables. */
  private Object creationLock() {
    return JvmWide.TABLE_CREATION.computeIfAbsent(location, l -> new Object());
  }

  private static void createOrMigrate(SparkSession spark, ControlTable table) {
    // A log that cannot be read is named with its table, even when Delta's error names no file.
    DeltaLogs.reading(
        table.ref(),
        () -> {
          if (!table.exists(spark)) {
            table.create(spark);
          } else {
            table.migrate(spark);
          }
          return table;
        });
  }

  /** Creates or migrates the tombstones and snapshot_coverage tables. */
  public ControlStore ensureDeleteTables(SparkSession spark) {
    ensureExist(spark, tombstones);
    return ensureExist(spark, snapshotCoverage);
  }

  /** Creates one table if it does not exist yet, or brings it up to this schema. */
  public ControlStore ensureExist(SparkSession spark, ControlTable table) {
    synchronized (creationLock()) {
      createOrMigrate(spark, table);
    }
    return this;
  }
}

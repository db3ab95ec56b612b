package dev.tidemark.publish;

import dev.tidemark.control.ControlTable;
import dev.tidemark.control.Sql;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.transform.Columns;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Deletes of a snapshot source ({@code source.mode = snapshot}, {@code deletes.delete-missing}):
 * the target rows of the partitions a snapshot covers whose keys the snapshot no longer has.
 *
 * <p>They are found with an anti-join of the covered partitions against every staged key (before
 * unchanged rows are left out) and go into the MERGE as delete rows: a {@code WHEN NOT MATCHED BY
 * SOURCE} clause would make Delta consider every file of the target. A target row that a newer
 * landing folder delivered than the one covering its partition in this batch is never deleted, so
 * replaying an old snapshot cannot undo a newer one.
 *
 * <p>The snapshot_coverage table remembers which folder last delivered each partition. When that
 * folder is re-read and has no rows for the partition any more, or is gone, the partition would be
 * emptied: refused unless the run allows it ({@code --allow-empty}), because a file that failed to
 * land must not wipe a day.
 */
final class SnapshotDeletes {
  private static final String COVERED_BY = "_tm_covered_by";
  private static final String PARTITION_TEXT = "_tm_partition_text";

  /** The partition key of the coverage table for a target without partition column. */
  private static final String WHOLE_TABLE = "*";

  private final SparkSession spark;
  private final MergeSpec spec;
  private final DeleteContext context;
  private final ControlTable coverage;
  private final Map<String, LocalDate> batchCoverage;
  private final Map<String, String> emptied;

  /**
   * Reads what the batch covers and what the coverage table says; throws {@link
   * EmptySnapshotException} when a partition would be emptied and the run does not allow it.
   */
  SnapshotDeletes(SparkSession spark, MergeSpec spec, DeleteContext context, Dataset<Row> staged) {
    this.spark = spark;
    this.spec = spec;
    this.context = context;
    this.coverage = context.controlTables().snapshotCoverage();
    this.batchCoverage = new LinkedHashMap<>();
    for (Row row :
        staged
            .groupBy(partitionText().as(PARTITION_TEXT))
            .agg(functions.max(Columns.col(Columns.LANDING_DATE)))
            .collectAsList()) {
      batchCoverage.put(row.getString(0), toLocalDate(row.get(1)));
    }
    this.emptied = emptiedPartitions();
    if (!emptied.isEmpty() && !context.allowEmpty()) {
      String column = spec.partitionColumn().orElse("the whole table");
      String list =
          emptied.entrySet().stream()
              .map(
                  e ->
                      (spec.partitionColumn().isPresent() ? column + "=" + e.getKey() : column)
                          + " (last delivered by "
                          + e.getValue()
                          + ")")
              .collect(Collectors.joining(", "));
      throw new EmptySnapshotException(
          "Cannot delete every row of "
              + list
              + ": that snapshot folder is empty or missing now. If a file failed to land, land"
              + " it and run again; if the partition really is empty now, run again with"
              + " --allow-empty");
    }
  }

  /** Target rows to delete, with every target column, marked with why. */
  Dataset<Row> rows(Dataset<Row> target, Dataset<Row> stagedKeys) {
    List<Row> cover = new ArrayList<>();
    batchCoverage.forEach((p, d) -> cover.add(RowFactory.create(p, Date.valueOf(d))));
    Dataset<Row> covered =
        spark.createDataFrame(
            cover,
            org.apache.spark.sql.types.StructType.fromDDL(
                PARTITION_TEXT + " STRING, " + COVERED_BY + " DATE"));
    Dataset<Row> inBatchPartitions =
        target
            .where(MergeExecutor.partitionScope(spec, null))
            .withColumn(PARTITION_TEXT, partitionText())
            .join(functions.broadcast(covered), PARTITION_TEXT)
            // A row a newer folder delivered is not this snapshot's to delete.
            .where(Columns.col(Columns.LANDING_DATE).leq(functions.col(COVERED_BY)))
            // The tombstone records the folder that deleted the key, not the one that added it.
            .withColumn(Columns.LANDING_DATE, functions.col(COVERED_BY))
            .drop(PARTITION_TEXT, COVERED_BY);
    Dataset<Row> missing =
        inBatchPartitions
            .as("t")
            .join(stagedKeys.as("s"), Columns.keysEqual("t", "s", spec.keys()), "left_anti");
    if (!emptied.isEmpty()) {
      LocalDate newest =
          context.deliveredOrGone().stream()
              .map(f -> f.folder().date())
              .max(LocalDate::compareTo)
              .orElseThrow();
      missing =
          missing.unionByName(
              target
                  .where(emptiedScope(null))
                  .withColumn(Columns.LANDING_DATE, functions.lit(Date.valueOf(newest))));
    }
    return missing.withColumn(Tombstones.REASON, functions.lit(Tombstones.MISSING_FROM_SNAPSHOT));
  }

  /** The partitions emptied with --allow-empty, as a predicate on the target. */
  Optional<Column> extraScope(String alias) {
    return emptied.isEmpty() ? Optional.empty() : Optional.of(emptiedScope(alias));
  }

  /**
   * Records which folder now delivers each partition of the batch, and forgets the emptied ones.
   * Runs after the MERGE: a run that fails before leaves the coverage as it was.
   */
  void recordCoverage(String runId) {
    Map<LocalDate, String> paths = new LinkedHashMap<>();
    context.folders().forEach(f -> paths.put(f.folder().date(), f.folder().path()));
    List<Row> rows = new ArrayList<>();
    batchCoverage.forEach(
        (p, d) ->
            rows.add(
                RowFactory.create(
                    spec.pipeline(),
                    p,
                    Date.valueOf(d),
                    paths.getOrDefault(d, ""),
                    runId,
                    Timestamp.from(context.now()))));
    List<String> replaced = new ArrayList<>(batchCoverage.keySet());
    replaced.addAll(emptied.keySet());
    if (replaced.isEmpty()) {
      return;
    }
    coverage.replace(
        spark,
        rows,
        "pipeline = "
            + Sql.string(spec.pipeline())
            + " AND partition_value IN ("
            + replaced.stream().map(Sql::string).collect(Collectors.joining(", "))
            + ")");
  }

  /**
   * Partitions whose last delivering folder this run re-reads or finds gone, and which the batch
   * has no rows for: partition text to the folder's path.
   */
  private Map<String, String> emptiedPartitions() {
    Map<LocalDate, String> delivered = new LinkedHashMap<>();
    for (FolderPlan f : context.deliveredOrGone()) {
      delivered.put(f.folder().date(), f.folder().path());
    }
    Map<String, String> result = new LinkedHashMap<>();
    if (delivered.isEmpty() || !coverage.exists(spark)) {
      return result;
    }
    List<Date> dates = delivered.keySet().stream().map(Date::valueOf).toList();
    for (Row row :
        coverage
            .read(spark)
            .where(
                functions
                    .col("pipeline")
                    .equalTo(spec.pipeline())
                    .and(functions.col("landing_date").isin(dates.toArray())))
            .select("partition_value", "landing_date")
            .collectAsList()) {
      String partition = row.getString(0);
      if (!batchCoverage.containsKey(partition)) {
        result.put(partition, delivered.get(toLocalDate(row.get(1))));
      }
    }
    return result;
  }

  private Column emptiedScope(String alias) {
    if (spec.partitionColumn().isEmpty()) {
      return functions.lit(true);
    }
    String p = spec.partitionColumn().get();
    Column column = alias == null ? Columns.col(p) : Columns.col(alias, p);
    return column.cast("string").isin(emptied.keySet().toArray());
  }

  private Column partitionText() {
    return spec.partitionColumn()
        .map(p -> functions.coalesce(Columns.col(p).cast("string"), functions.lit("NULL")))
        .orElse(functions.lit(WHOLE_TABLE));
  }

  private static LocalDate toLocalDate(Object value) {
    return value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
  }
}

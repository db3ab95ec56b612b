package dev.tidemark.publish;

import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.runtime.StepTimes;
import dev.tidemark.spark.SparkSessions;
import dev.tidemark.stage.Staging;
import dev.tidemark.table.TargetTable;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.Dedup;
import io.delta.tables.DeltaMergeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The publish stage: one Delta MERGE of the staged rows that are newer than the target.
 *
 * <p>Rows the target already holds (same key and row hash) or holds a newer version of are removed
 * from the source first: Delta rewrites every file holding a matched row even when no clause
 * changes it, so a guard on the update alone would make reruns rewrite the table. When nothing
 * remains, no MERGE runs and the target gets no new version.
 */
public final class MergeExecutor {
  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  private static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";
  private static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";

  private MergeExecutor() {}

  public static PublishCounts publish(SparkSession spark, MergeSpec spec) {
    return publish(spark, spec, DeleteContext.none());
  }

  /**
   * The publish, with deletes: tombstones newer than the target row delete it, staged rows not
   * newer than a remembered tombstone are dropped, a snapshot's missing keys are deleted, and a key
   * found in another partition than its new version's is moved.
   */
  public static PublishCounts publish(SparkSession spark, MergeSpec spec, DeleteContext deletes) {
    List<Dataset<Row>> cached = new java.util.ArrayList<>();
    try {
      return publish(spark, spec, deletes, cached);
    } finally {
      // A cached plan that outlives its run would be refreshed by a later write to the target,
      // and fail on the run's staging table, deleted by then.
      cached.forEach(Dataset::unpersist);
    }
  }

  private static PublishCounts publish(
      SparkSession spark, MergeSpec spec, DeleteContext deletes, List<Dataset<Row>> cached) {
    // The transaction settings are session-wide: they live in a child session so they hold for
    // this MERGE only and never for another run's statements in the same JVM.
    SparkSession session = SparkSessions.childOf(spark);
    TargetTable target = new TargetTable(session, spec.target());
    ensureTarget(target, spec);

    TargetTable.Commit head =
        StepTimes.timed("publish: target version", () -> target.latest().orElseThrow());
    long before = head.version();
    // A target whose newest commit is its creation holds no rows: every staged row is new, and
    // there is nothing to look up (a first backfill's comparison read the target for seconds).
    boolean holdsNothing = head.operation().equals(TargetTable.CREATE_TABLE);

    Dataset<Row> staged = staged(session, spec, deletes);
    if (deletes.deletes()) {
      deletes.controlTables().ensureDeleteTables(spark);
    }
    ChangePlan changes =
        StepTimes.timed(
            "publish: compare with the target",
            () ->
                holdsNothing && !deletes.config().deletes()
                    ? ChangePlan.allNew(spec, staged)
                    : ChangePlan.of(session, spec, deletes, target, staged));
    changes.cached().ifPresent(cached::add);
    Classification counts = changes.counts();
    Source source =
        deletes.deletes()
            ? withDeletes(session, spec, deletes, target, staged, changes, cached)
            : new Source(changes.source(), Optional.empty(), 0);

    if (counts.inserts() + counts.updates() + changes.deletes() + source.snapshotDeletes() == 0) {
      source.snapshot().ifPresent(snapshot -> snapshot.recordCoverage(spec.runId()));
      return new PublishCounts(
          false,
          0,
          0,
          0,
          counts.unchanged(),
          counts.stale(),
          0,
          0,
          before,
          before,
          counts.nothingToDelete());
    }
    merge(session, spec, target, changes, source);
    source.snapshot().ifPresent(snapshot -> snapshot.recordCoverage(spec.runId()));
    return merged(counts, changes.moved(), before, committed(target, spec));
  }

  /** What the MERGE did, by its commit's metrics, and what it left out. */
  private static PublishCounts merged(
      Classification counts, long moved, long before, TargetTable.Commit commit) {
    // A moved key is one delete (old partition) and one insert (new): users see an update.
    return new PublishCounts(
        true,
        Math.max(0, commit.metric("numTargetRowsInserted") - moved),
        commit.metric("numTargetRowsUpdated") + moved,
        Math.max(0, commit.metric("numTargetRowsDeleted") - moved),
        counts.unchanged(),
        counts.stale(),
        commit.metric("numTargetFilesAdded"),
        commit.metric("numTargetFilesRemoved"),
        before,
        commit.version(),
        counts.nothingToDelete());
  }

  private static void ensureTarget(TargetTable target, MergeSpec spec) {
    // Runs of one JVM publishing together to a new target must not both create it.
    synchronized (MergeExecutor.class) {
      if (!target.exists()) {
        target.create(
            spec.businessSchema(), spec.partitionColumn(), spec.pipeline(), spec.statsColumns());
      }
    }
  }

  /** The staged batch in target columns, with {@link #DELETE} true for a tombstone. */
  private static Dataset<Row> staged(SparkSession session, MergeSpec spec, DeleteContext deletes) {
    List<String> columns = List.of(spec.businessSchema().fieldNames());
    // A snapshot run whose folders are all empty or gone has no staging table, and still
    // decides what its folders' partitions lose.
    return (new TargetTable(session, spec.stagingPath()).exists()
            ? Staging.validRows(session, spec.stagingPath())
            : session.createDataFrame(List.<Row>of(), TargetTable.schema(spec.businessSchema())))
        .select(targetColumns(columns, spec.runId()))
        .withColumn(DELETE, deletes.config().isTombstone());
  }

  /**
   * The MERGE source, the snapshot deletes when the pipeline deletes a snapshot's missing keys, and
   * how many keys that deletes.
   */
  private record Source(
      Dataset<Row> rows, Optional<SnapshotDeletes> snapshot, long snapshotDeletes) {}

  /**
   * Remembers the winning tombstones (and a snapshot's missing keys) and adds the snapshot's
   * missing keys to the MERGE source as delete rows.
   */
  private static Source withDeletes(
      SparkSession session,
      MergeSpec spec,
      DeleteContext deletes,
      TargetTable target,
      Dataset<Row> staged,
      ChangePlan changes,
      List<Dataset<Row>> cached) {
    Dataset<Row> source = changes.source();
    Optional<SnapshotDeletes> snapshot = Optional.empty();
    long snapshotDeletes = 0;
    Tombstones tombstones = new Tombstones(session, spec, deletes);
    Dataset<Row> deleted =
        changes
            .appliedTombstones()
            .drop(DELETE)
            .withColumn(Tombstones.REASON, functions.lit(Tombstones.TOMBSTONE));
    if (deletes.config().snapshot() && deletes.config().deleteMissing()) {
      snapshot = Optional.of(new SnapshotDeletes(session, spec, deletes, staged));
      Dataset<Row> missing =
          snapshot.get().rows(target.read(), staged.select(Columns.cols(spec.keys()))).cache();
      cached.add(missing);
      snapshotDeletes = missing.count();
      if (snapshotDeletes > 0) {
        deleted = deleted.unionByName(missing, true);
        source = source.unionByName(missing.select(deleteRowColumns(spec)), true);
      }
    }
    // Written before the MERGE that applies them: a crash in between leaves a remembered
    // delete the next run applies again, never an applied delete that is forgotten.
    if (changes.tombstonesToRecord() + snapshotDeletes > 0) {
      tombstones.write(deleted, spec.runId());
    }
    tombstones.purge();
    return new Source(source, snapshot, snapshotDeletes);
  }

  /** The MERGE's match: same key, in the partitions the batch (or a moved key) touches. */
  private static Column mergeCondition(
      MergeSpec spec, ChangePlan changes, Optional<SnapshotDeletes> snapshot) {
    Column scope = partitionScope(spec, "t");
    for (Object value : changes.otherPartitions()) {
      scope = scope.or(Columns.col("t", spec.partitionColumn().orElseThrow()).equalTo(value));
    }
    Optional<Column> extra = snapshot.flatMap(s -> s.extraScope("t"));
    if (extra.isPresent()) {
      scope = scope.or(extra.get());
    }
    Column condition = Columns.keysEqual("t", "s", spec.keys()).and(scope);
    if (spec.partitionColumn().isPresent()) {
      String p = spec.partitionColumn().get();
      condition = condition.and(Columns.col("t", p).eqNullSafe(Columns.col("s", p)));
    }
    return condition;
  }

  /** Runs the MERGE, tagged with the run's id and idempotent by its Delta transaction id. */
  private static void merge(
      SparkSession session, MergeSpec spec, TargetTable target, ChangePlan changes, Source source) {
    Column condition = mergeCondition(spec, changes, source.snapshot());
    // A delete row has no row hash (every version has one): the source keeps the target's
    // columns only, so updateAll and insertAll, and schema evolution, see nothing else.
    Column isDelete = functions.col("s." + Columns.ROW_HASH).isNull();
    boolean addsColumns = !target.lacks(spec.businessSchema()).isEmpty();
    session.conf().set(USER_METADATA, spec.runId());
    session.conf().set(TXN_APP_ID, spec.txnAppId());
    session.conf().set(TXN_VERSION, Long.toString(MergeSpec.TXN_VERSION));
    try {
      DeltaMergeBuilder merge =
          spec.target().delta(session).as("t").merge(source.rows().as("s"), condition);
      // Only new keys (a first backfill, a day of new orders): without a matched clause Delta
      // writes in one pass instead of first finding the files to rewrite. A concurrent commit that
      // added one of these keys meanwhile still conflicts, and the publish is planned again.
      boolean insertsOnly =
          changes.counts().updates()
                  + changes.deletes()
                  + changes.moved()
                  + source.snapshotDeletes()
              == 0;
      if (!insertsOnly) {
        merge =
            merge
                .whenMatched(isDelete)
                .delete()
                .whenMatched(functions.not(isDelete).and(Dedup.newer("s", "t", spec.sequence())))
                .updateAll();
      }
      merge = merge.whenNotMatched(functions.not(isDelete)).insertAll();
      if (addsColumns) {
        // Scoped to this statement, unlike the session-wide autoMerge setting. The drift check
        // before staging let these columns through only under schema-drift = add-columns.
        merge = merge.withSchemaEvolution();
      }
      StepTimes.timed("publish: MERGE", merge::execute);
    } finally {
      session.conf().unset(USER_METADATA);
      session.conf().unset(TXN_APP_ID);
      session.conf().unset(TXN_VERSION);
    }
  }

  /** This run's MERGE commit, found by the run id it is tagged with. */
  private static TargetTable.Commit committed(TargetTable target, MergeSpec spec) {
    return StepTimes.timed(
            "publish: find the commit",
            () -> target.findCommit(spec.runId(), TargetTable.HISTORY_DEPTH))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Cannot find the MERGE of run "
                        + spec.runId()
                        + " in the history of "
                        + spec.target()
                        + " after it ran"));
  }

  /** Marks a MERGE source row that deletes its target row. */
  public static final String DELETE = "_tm_delete";

  /** The columns a delete row needs: keys and partition, the rest are NULL. */
  static Column[] deleteRowColumns(MergeSpec spec) {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(spec.keys());
    spec.partitionColumn().ifPresent(names::add);
    return names.stream().map(Columns::col).toArray(Column[]::new);
  }

  /**
   * Staged rows by what the MERGE would do with them. A tombstone of a key the target does not hold
   * deletes nothing: it is counted apart ({@code nothingToDelete}), not as unchanged, since the
   * target has no version of that key to be unchanged.
   */
  public record Classification(
      long inserts, long updates, long deletes, long unchanged, long stale, long nothingToDelete) {
    /** Counts of a batch without tombstones. */
    public Classification(long inserts, long updates, long deletes, long unchanged, long stale) {
      this(inserts, updates, deletes, unchanged, stale, 0);
    }
  }

  /**
   * Counts, in one pass over keys, sequence and hashes only, the staged rows that are new (insert),
   * newer than the target's (update, or delete for a tombstone), the same version (unchanged),
   * older (stale), or a tombstone of a key the target does not hold (nothing to delete). {@code
   * staged} holds {@link #DELETE}, true for a tombstone; {@code current} holds the target's keys,
   * sequence columns and row hash.
   */
  public static Classification classify(
      Dataset<Row> staged, Dataset<Row> current, List<String> keys, List<String> sequence) {
    Column absent = Columns.col("t", keys.get(0)).isNull();
    Column present = functions.not(absent);
    Column newer = Dedup.newer("s", "t", sequence);
    Column older = Dedup.newer("t", "s", sequence);
    Column tombstone = Columns.col("s", DELETE);
    Column version = functions.not(tombstone);
    Row row =
        staged
            .as("s")
            .join(current.as("t"), Columns.keysEqual("s", "t", keys), "left_outer")
            .agg(
                Columns.countWhere(version.and(absent)),
                Columns.countWhere(version.and(present).and(newer)),
                Columns.countWhere(tombstone.and(present).and(newer)),
                Columns.countWhere(present.and(functions.not(newer)).and(functions.not(older))),
                Columns.countWhere(present.and(older)),
                Columns.countWhere(tombstone.and(absent)))
            .first();
    return new Classification(
        row.getLong(0),
        row.getLong(1),
        row.getLong(2),
        row.getLong(3),
        row.getLong(4),
        row.getLong(5));
  }

  /**
   * The target partitions the batch has rows for. In the MERGE condition it lets Delta prune every
   * other partition; it also limits the target read for the unchanged-row filter.
   */
  public static Column partitionScope(MergeSpec spec, String alias) {
    if (spec.partitionColumn().isEmpty()) {
      return functions.lit(true);
    }
    String name = spec.partitionColumn().get();
    Column column = alias == null ? Columns.col(name) : Columns.col(alias, name);
    Column scope = column.isin(spec.partitionValues().toArray());
    return spec.hasNullPartition() ? scope.or(column.isNull()) : scope;
  }

  private static Column[] targetColumns(List<String> business, String runId) {
    List<Column> columns = new ArrayList<>();
    business.forEach(c -> columns.add(Columns.col(c)));
    columns.add(functions.col(Columns.ROW_HASH));
    columns.add(functions.col(Columns.LANDING_DATE));
    columns.add(functions.lit(runId).as(Columns.RUN_ID));
    return columns.toArray(Column[]::new);
  }
}

package dev.tidemark.publish;

import dev.tidemark.table.TargetTable;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.Dedup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * What the MERGE of a staged batch does, decided before it runs, in the target's terms: which
 * staged rows are newer than the target (and than any remembered tombstone of their key), which
 * target rows they delete (their key's tombstone won, or they moved to another partition), and the
 * counts of each.
 *
 * <p>The target is looked up by key in the batch's partitions, or, when keys may change partition,
 * across the whole target (reading key, sequence and partition columns only).
 */
final class ChangePlan {
  private static final String BLOCKED = "_tm_blocked";

  private final MergeExecutor.Classification counts;
  private final long deletes;
  private final long tombstonesToRecord;
  private final long moved;
  private final Dataset<Row> applied;
  private final Dataset<Row> deleteRows;
  private final List<Object> otherPartitions;
  private Dataset<Row> cachedLookup;

  private ChangePlan(
      MergeExecutor.Classification counts,
      long deletes,
      long tombstonesToRecord,
      long moved,
      Dataset<Row> applied,
      Dataset<Row> deleteRows,
      List<Object> otherPartitions) {
    this.counts = counts;
    this.deletes = deletes;
    this.tombstonesToRecord = tombstonesToRecord;
    this.moved = moved;
    this.applied = applied;
    this.deleteRows = deleteRows;
    this.otherPartitions = otherPartitions;
  }

  /**
   * @param staged the staged batch in target columns plus {@link MergeExecutor#DELETE}
   */
  static ChangePlan of(
      SparkSession spark,
      MergeSpec spec,
      DeleteContext context,
      TargetTable target,
      Dataset<Row> staged) {
    List<String> keys = spec.keys();
    List<String> sequence = spec.sequence();
    boolean anywhere = context.config().partitionMayChange();
    Dataset<Row> located = located(spec, target, staged, anywhere);
    // A key already held twice (moved before the flag was set) compares with its newest row.
    Dataset<Row> current =
        anywhere ? Dedup.latestPerKey(located, keys, sequence, functions.lit(false)) : located;
    Dataset<Row> flagged = guard(spark, spec, context, staged);
    Row row = count(spec, flagged, current);
    MergeExecutor.Classification counts =
        new MergeExecutor.Classification(
            row.getLong(0),
            row.getLong(1),
            row.getLong(2),
            row.getLong(3),
            row.getLong(4),
            row.getLong(7));

    Dataset<Row> newerRows =
        flagged
            .where(functions.not(functions.col(BLOCKED)))
            .drop(BLOCKED)
            .as("s")
            .join(
                current.as("t"),
                Columns.keysEqual("s", "t", keys)
                    .and(functions.not(Dedup.newer("s", "t", sequence))),
                "left_anti");
    Dataset<Row> deleteRows = deleteRows(spec, located, newerRows);
    long deletes = row.getLong(2);
    long moved = row.getLong(6);
    List<Object> other =
        anywhere && deletes + moved > 0 ? otherPartitions(spec, deleteRows) : new ArrayList<>();
    ChangePlan plan =
        new ChangePlan(counts, deletes, row.getLong(5), moved, newerRows, deleteRows, other);
    plan.cachedLookup = anywhere ? located : null;
    return plan;
  }

  /**
   * The target rows the batch's keys may meet, with the columns the comparison needs: in the
   * batch's partitions, or, when keys may change partition, anywhere (then cached: it is read
   * twice).
   */
  private static Dataset<Row> located(
      MergeSpec spec, TargetTable target, Dataset<Row> staged, boolean anywhere) {
    Set<String> lookedUp = new LinkedHashSet<>(spec.keys());
    lookedUp.addAll(spec.sequence());
    lookedUp.add(Columns.ROW_HASH);
    spec.partitionColumn().ifPresent(lookedUp::add);
    Column[] lookedUpColumns = Columns.cols(new ArrayList<>(lookedUp));
    if (anywhere) {
      return target
          .read()
          .select(lookedUpColumns)
          .join(
              staged.select(Columns.cols(spec.keys())).distinct(), scala(spec.keys()), "left_semi")
          .cache();
    }
    return target.read().where(MergeExecutor.partitionScope(spec, null)).select(lookedUpColumns);
  }

  /**
   * One pass over the batch joined with the target's current rows, counting: 0 inserts, 1 updates,
   * 2 deletes, 3 unchanged, 4 stale, 5 tombstones to record, 6 moved keys, 7 tombstones of absent
   * keys.
   */
  private static Row count(MergeSpec spec, Dataset<Row> flagged, Dataset<Row> current) {
    List<String> sequence = spec.sequence();
    Column s = functions.col("s." + MergeExecutor.DELETE);
    Column blocked = functions.col("s." + BLOCKED);
    Column absent = Columns.col("t", spec.keys().get(0)).isNull();
    Column newer = Dedup.newer("s", "t", sequence);
    Column older = Dedup.newer("t", "s", sequence);
    Column present = functions.not(absent);
    Column upsert = functions.not(s).and(functions.not(blocked));
    Column moves =
        spec.partitionColumn()
            .map(p -> functions.not(Columns.col("s", p).eqNullSafe(Columns.col("t", p))))
            .orElse(functions.lit(false));
    return flagged
        .as("s")
        .join(current.as("t"), Columns.keysEqual("s", "t", spec.keys()), "left_outer")
        .agg(
            Columns.countWhere(upsert.and(absent)),
            Columns.countWhere(upsert.and(present).and(newer)),
            Columns.countWhere(s.and(present).and(newer)),
            Columns.countWhere(
                functions
                    .not(blocked)
                    .and(present)
                    .and(functions.not(newer))
                    .and(functions.not(older))),
            Columns.countWhere(blocked.or(present.and(older))),
            Columns.countWhere(s.and(absent.or(newer))),
            Columns.countWhere(upsert.and(present).and(newer).and(moves)),
            Columns.countWhere(s.and(absent)))
        .first();
  }

  /**
   * Target rows the winning versions remove: the key's tombstone won, or the key's new version
   * lives in another partition.
   */
  private static Dataset<Row> deleteRows(
      MergeSpec spec, Dataset<Row> located, Dataset<Row> newerRows) {
    Column removes = functions.col("s." + MergeExecutor.DELETE);
    if (spec.partitionColumn().isPresent()) {
      String p = spec.partitionColumn().get();
      removes = removes.or(functions.not(Columns.col("t", p).eqNullSafe(Columns.col("s", p))));
    }
    return located
        .as("t")
        .join(newerRows.as("s"), Columns.keysEqual("t", "s", spec.keys()).and(removes))
        .select(deleteSide(spec));
  }

  /** The partitions outside the batch's that hold target rows to delete. */
  private static List<Object> otherPartitions(MergeSpec spec, Dataset<Row> deleteRows) {
    List<Object> other = new ArrayList<>();
    String p = spec.partitionColumn().orElseThrow();
    Set<Object> inBatch = new HashSet<>(spec.partitionValues());
    for (Row r : deleteRows.select(Columns.col(p)).distinct().collectAsList()) {
      if (!r.isNullAt(0) && !inBatch.contains(r.get(0))) {
        other.add(r.get(0));
      }
    }
    return other;
  }

  /**
   * The plan against a target that holds no rows: every staged row is an insert, so the target is
   * not read. Only for pipelines that never delete (a tombstone of an absent key would still have
   * to be remembered).
   *
   * @param staged the staged batch in target columns plus {@link MergeExecutor#DELETE}
   */
  static ChangePlan allNew(MergeSpec spec, Dataset<Row> staged) {
    long rows = staged.count();
    Dataset<Row> noDeletes =
        staged.select(MergeExecutor.deleteRowColumns(spec)).where(functions.lit(false));
    return new ChangePlan(
        new MergeExecutor.Classification(rows, 0, 0, 0, 0), 0, 0, 0, staged, noDeletes, List.of());
  }

  /**
   * Marks the staged rows that are not newer than a remembered tombstone of their key: a late
   * version of a deleted key. Staged tombstones are never blocked: a repeated one must still delete
   * a row its first run could not (that run failed after recording it).
   */
  private static Dataset<Row> guard(
      SparkSession spark, MergeSpec spec, DeleteContext context, Dataset<Row> staged) {
    if (!context.deletes()) {
      return staged.withColumn(BLOCKED, functions.lit(false));
    }
    Dataset<Row> remembered =
        Dedup.latestPerKey(
            new Tombstones(spark, spec, context).remembered(),
            spec.keys(),
            spec.sequence(),
            functions.lit(false));
    Column blocked =
        Columns.col("r", spec.keys().get(0))
            .isNotNull()
            .and(functions.not(functions.col("s." + MergeExecutor.DELETE)))
            .and(functions.not(Dedup.newer("s", "r", spec.sequence())));
    if (context.config().snapshot()) {
      // A snapshot is the truth of its day: a newer export that has the key again brings it
      // back; only a replay of an export from before the delete is held off.
      blocked =
          blocked.and(
              Columns.col("s", Columns.LANDING_DATE).leq(Columns.col("r", Tombstones.LANDING)));
    }
    return staged
        .as("s")
        .join(remembered.as("r"), Columns.keysEqual("s", "r", spec.keys()), "left_outer")
        .select(functions.col("s.*"), blocked.as(BLOCKED));
  }

  private static Column[] deleteSide(MergeSpec spec) {
    LinkedHashSet<String> names = new LinkedHashSet<>(spec.keys());
    spec.partitionColumn().ifPresent(names::add);
    return names.stream().map(n -> Columns.col("t", n).as(n)).toArray(Column[]::new);
  }

  /** The target rows looked up across the whole target, cached: unpersist after the MERGE. */
  java.util.Optional<Dataset<Row>> cached() {
    return java.util.Optional.ofNullable(cachedLookup);
  }

  MergeExecutor.Classification counts() {
    return counts;
  }

  /** Target rows deleted by a winning tombstone. */
  long deletes() {
    return deletes;
  }

  /** Staged tombstones to remember: those newer than the target row, or whose key it lacks. */
  long tombstonesToRecord() {
    return tombstonesToRecord;
  }

  /** Keys whose new version lives in another partition than their target row. */
  long moved() {
    return moved;
  }

  /** The staged tombstones that win: newer than the key's target row, or the key is absent. */
  Dataset<Row> appliedTombstones() {
    return applied.where(functions.col(MergeExecutor.DELETE));
  }

  /**
   * The MERGE source, in target columns: winning new versions to upsert, and the target rows to
   * delete (key and partition only, no row hash).
   */
  Dataset<Row> source() {
    Dataset<Row> upserts =
        applied
            .where(functions.not(functions.col(MergeExecutor.DELETE)))
            .drop(MergeExecutor.DELETE);
    // Counted as none: the MERGE, which evaluates its source twice (to find the files it
    // rewrites, then to write them), need not join the target with the batch again to find none.
    return deletes + moved == 0 ? upserts : upserts.unionByName(deleteRows, true);
  }

  /** Partitions outside the batch's that the MERGE must reach: where moved keys lived. */
  List<Object> otherPartitions() {
    return otherPartitions;
  }

  private static scala.collection.immutable.Seq<String> scala(List<String> names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(names).toSeq();
  }
}

package dev.tidemark.reconcile;

import dev.tidemark.runtime.StepTimes;
import dev.tidemark.stage.Stager;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.Dedup;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * Target rows beyond the first of their key, and the first such keys: a target must hold each key
 * once.
 */
record TargetDuplicates(long extraRows, List<String> sample) {
  private static final String KEY = "_tm_key";
  private static final String ROWS_OF_KEY = "_tm_rows_of_key";
  private static final TargetDuplicates NONE = new TargetDuplicates(0, List.of());

  /**
   * Counts into {@code repeats} the rows of {@code target} (which carries {@link Dedup#KEY_HASH})
   * beyond the first of their key, over every row of {@code target}, in the scope or not. The
   * window's shuffle and sort on the key hash and the key are the ones the join with the scope
   * needs next, so they cost nothing extra. Without an order, the window gives each row its key's
   * row count c; each row adds (c - 1) / c, so a key adds c - 1 in all; the sum is rounded once at
   * the end.
   */
  static Dataset<Row> countRepeats(Dataset<Row> target, List<String> keys, Observation repeats) {
    Column rowsOfKey =
        functions.count(functions.lit(1)).over(Window.partitionBy(Dedup.hashAndKeys(keys)));
    return target
        .withColumn(ROWS_OF_KEY, rowsOfKey)
        .observe(
            repeats,
            functions
                .coalesce(
                    functions.sum(
                        functions.col(ROWS_OF_KEY).minus(1).divide(functions.col(ROWS_OF_KEY))),
                    functions.lit(0.0))
                .as("extra"))
        .drop(ROWS_OF_KEY);
  }

  /**
   * Nothing repeats when the comparison counted no repeat anywhere in the target; otherwise the
   * duplicate check counts, and names, the scope's repeated keys.
   */
  static TargetDuplicates observed(SparkSession spark, ReconcileSpec spec, Observation repeats) {
    Object observed = Stager.metrics(repeats).get("extra"); // absent when no partition ran
    long extra = observed == null ? 0 : Math.round(((Number) observed).doubleValue());
    return extra == 0 ? NONE : count(spark, spec);
  }

  /** The duplicate check, timed as a step of its own. */
  static TargetDuplicates timedCount(SparkSession spark, ReconcileSpec spec) {
    return StepTimes.timed("reconcile: duplicate keys", () -> count(spark, spec));
  }

  /**
   * Key uniqueness across the whole target, not only the scope's partitions: a key whose partition
   * value changed holds its old row in a partition the batch does not touch. Limited to the scope's
   * keys when there are some; reads only the key columns.
   */
  private static TargetDuplicates count(SparkSession spark, ReconcileSpec spec) {
    List<String> keys = spec.pipeline().keys();
    Dataset<Row> all = spec.target().read(spark).select(Columns.cols(keys));
    Column[] groups = Columns.cols(keys);
    if (spec.scopeKeys().isPresent()) {
      // A semi join keeps a target row once however often the scope repeats its key, so the scope
      // is not deduplicated first (that cost as much again). Both sides join on the key hash and
      // the keys, so the count below groups on the join's partitioning without another shuffle,
      // and the sorts compare longs rather than keys that share a long prefix: 4.7 and 4.9 s
      // against 7.7 to 10.2 s for a batch of 2.7 million keys on a target of as many rows.
      Dataset<Row> scope =
          spec.scopeKeys()
              .get()
              .select(Columns.cols(keys))
              .withColumn(Dedup.KEY_HASH, Dedup.keyHash(keys));
      all =
          all.withColumn(Dedup.KEY_HASH, Dedup.keyHash(keys))
              .as("t")
              .join(scope.as("s"), KeyJoins.hashAndKeysMatch("t", "s", keys), "left_semi");
      groups = Dedup.hashAndKeys(keys);
    }
    Dataset<Row> repeated = repeatedKeys(all, groups, keys).cache();
    try {
      Row total =
          repeated.agg(functions.coalesce(functions.sum("extra"), functions.lit(0L))).first();
      long extra = total.getLong(0);
      List<String> sample =
          extra == 0
              ? List.of()
              : repeated
                  .orderBy(KEY)
                  .limit(Math.max(1, spec.pipeline().reconcile().sampleSize()))
                  .collectAsList()
                  .stream()
                  .map(r -> r.getString(0))
                  .toList();
      return new TargetDuplicates(extra, sample);
    } finally {
      repeated.unpersist();
    }
  }

  /** Each key held more than once, as text, with the rows beyond its first. */
  private static Dataset<Row> repeatedKeys(Dataset<Row> all, Column[] groups, List<String> keys) {
    List<Column> keyText = new ArrayList<>();
    for (String key : keys) {
      keyText.add(functions.coalesce(Columns.col(key).cast("string"), functions.lit("NULL")));
    }
    return all.groupBy(groups)
        .count()
        .where(functions.col("count").gt(1))
        .select(
            functions.concat_ws("|", keyText.toArray(Column[]::new)).as(KEY),
            functions.col("count").minus(1).as("extra"));
  }
}

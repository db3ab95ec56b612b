package dev.tidemark.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * One row per natural key: the greatest (sequence, row hash) wins. The row hash settles ties the
 * sequence leaves, so the winner never depends on file order, task scheduling, or which run saw the
 * row first. NULL sequence values lose to any value.
 */
public final class Dedup {
  private static final String RANK = "_tm_rank";
  private static final String COPY = "_tm_exact_copy";

  /**
   * A 64-bit hash of the natural key, the window's first partition and sort column. Keys that share
   * a long prefix ("ORD-0001...") leave the sort's 8-byte prefix useless, and every comparison then
   * reads the whole row; a hash first makes nearly every comparison one of two longs. Rows of one
   * key still sort together, as the key follows the hash.
   */
  public static final String KEY_HASH = "_tm_key_hash";

  /** Name of the observed count of rows identical to a kept or superseded row of their key. */
  public static final String EXACT_DUPLICATES = "exact_duplicates";

  private Dedup() {}

  /**
   * Keeps the newest row per key among rows where {@code kept} is false, and every row where {@code
   * kept} is true untouched (rows headed for quarantine ride along, so the input is read once).
   * Expects {@link Columns#ROW_HASH} to be present.
   */
  public static Dataset<Row> latestPerKey(
      Dataset<Row> rows, List<String> keys, List<String> sequence, Column kept) {
    return latestPerKey(rows, keys, sequence, kept, Optional.empty());
  }

  /**
   * As above, and counts into {@code counts} ({@link #EXACT_DUPLICATES}) the rows that are exact
   * copies of another row of their key: same sequence, same hash. The other removed rows are
   * superseded versions, which a change feed is expected to hold.
   */
  public static Dataset<Row> latestPerKey(
      Dataset<Row> rows,
      List<String> keys,
      List<String> sequence,
      Column kept,
      Optional<Observation> counts) {
    return latestPerKey(rows, keys, sequence, kept, counts, List.of());
  }

  /**
   * As above, and {@code alsoCounted} (aggregates over every input row) go into the same
   * observation: each observation is a pass of its own over the rows, so counts of the input are
   * cheapest taken here, where every input row still is.
   */
  public static Dataset<Row> latestPerKey(
      Dataset<Row> rows,
      List<String> keys,
      List<String> sequence,
      Column kept,
      Optional<Observation> counts,
      List<Column> alsoCounted) {
    return latestPerKeyHashed(rows, keys, sequence, kept, counts, alsoCounted).drop(KEY_HASH);
  }

  /**
   * As above, with {@link #KEY_HASH} kept: the result is partitioned and sorted by it and the keys,
   * so a join that follows on the same columns (see {@link #keyHash}) needs no shuffle of this
   * side.
   */
  public static Dataset<Row> latestPerKeyHashed(
      Dataset<Row> rows,
      List<String> keys,
      List<String> sequence,
      Column kept,
      Optional<Observation> counts,
      List<Column> alsoCounted) {
    rows = rows.withColumn(KEY_HASH, keyHash(keys));
    List<Column> order = new ArrayList<>();
    // Rows to keep whole sort last, so rank 1 is always a real candidate when the key has one.
    order.add(kept.asc());
    sequence.forEach(c -> order.add(Columns.col(c).desc_nulls_last()));
    order.add(Columns.col(Columns.ROW_HASH).desc());
    WindowSpec newestFirst =
        Window.partitionBy(hashAndKeys(keys)).orderBy(order.toArray(Column[]::new));
    // Copies sort next to each other (same sequence, same hash), so one look back finds them,
    // in the same window pass as the rank.
    Column previousHash = functions.lag(Columns.col(Columns.ROW_HASH), 1).over(newestFirst);
    Column previousKept = functions.lag(kept, 1).over(newestFirst);
    Dataset<Row> ranked =
        rows.withColumn(RANK, functions.row_number().over(newestFirst))
            .withColumn(
                COPY,
                functions
                    .not(kept)
                    .and(functions.not(previousKept))
                    .and(previousHash.equalTo(Columns.col(Columns.ROW_HASH))));
    if (counts.isPresent()) {
      ranked =
          ranked.observe(
              counts.get(),
              Columns.countWhere(functions.col(COPY)).as(EXACT_DUPLICATES),
              alsoCounted.toArray(Column[]::new));
    }
    return ranked.where(kept.or(functions.col(RANK).equalTo(1))).drop(RANK, COPY);
  }

  /**
   * The distinct keys of {@code rows}, with {@link #KEY_HASH}, partitioned and sorted by the hash
   * and the keys, so a join on the same columns that follows sorts nothing on this side. A sort on
   * a long hash costs a fraction of a hash aggregation here: keys spread over many files do not
   * shrink before the shuffle, so an aggregation's partial pass does its work twice.
   */
  public static Dataset<Row> distinctKeys(Dataset<Row> rows, List<String> keys) {
    WindowSpec sameKey = Window.partitionBy(hashAndKeys(keys)).orderBy(functions.col(KEY_HASH));
    return rows.select(Columns.cols(keys))
        .withColumn(KEY_HASH, keyHash(keys))
        .withColumn(RANK, functions.row_number().over(sameKey))
        .where(functions.col(RANK).equalTo(1))
        .drop(RANK);
  }

  /** {@link #KEY_HASH} and then the keys: how the window and the joins after it partition. */
  public static Column[] hashAndKeys(List<String> keys) {
    List<Column> columns = new ArrayList<>();
    columns.add(functions.col(KEY_HASH));
    columns.addAll(List.of(Columns.cols(keys)));
    return columns.toArray(Column[]::new);
  }

  /** {@link #KEY_HASH} of a row with these key columns. */
  public static Column keyHash(List<String> keys) {
    return functions.xxhash64(Columns.cols(keys));
  }

  /**
   * True when the left side's (sequence, row hash) is greater than the right side's: the test MERGE
   * uses to replace a target row. NULL is lower than any value, as in {@link #latestPerKey}.
   */
  public static Column newer(String left, String right, List<String> sequence) {
    List<String> order = new ArrayList<>(sequence);
    order.add(Columns.ROW_HASH);
    Column result = functions.lit(false);
    // Build from the last column back: a > b, or a = b and (the rest is greater).
    for (int i = order.size() - 1; i >= 0; i--) {
      Column l = Columns.col(left, order.get(i));
      Column r = Columns.col(right, order.get(i));
      Column greater = l.isNotNull().and(r.isNull().or(l.gt(r)));
      result = greater.or(l.eqNullSafe(r).and(result));
    }
    return result;
  }
}

package dev.tidemark.reconcile;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.runtime.StepTimes;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.Dedup;
import dev.tidemark.transform.RowHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The reconcile stage: compares the target with a reference, NULL-safe in both directions. One full
 * outer join on the keys with {@code <=>} classifies every row at once (a key only in the reference
 * is missing, only in the target is extra, in both with a differing compared column is mismatched);
 * it never uses {@code NOT IN}, which returns nothing when a key is NULL. Counts come from one
 * aggregation; sample keys need a second pass only when something differs.
 *
 * <p>Against a golden source, each side carries its keys and one 64-bit hash of its compared values
 * (a {@link RowHash}) instead of the values themselves, when every compared column has a type whose
 * hash is equal exactly when {@code <=>} is true: the join then shuffles and sorts a few bytes a
 * row. Which columns differ is asked only when some row is mismatched, by a second comparison of
 * the values of the mismatched keys alone. Two different rows hash alike once in 2^64 comparisons.
 */
public final class Reconciler {
  private static final String PRESENT = "_tm_present";
  private static final String KIND = "_tm_kind";
  private static final String KEY = "_tm_key";
  private static final String KEY_COLUMN = "_tm_key_";
  private static final String DIFFERS = "_tm_differs";
  private static final String MISSING = "missing";
  private static final String EXTRA = "extra";
  private static final String MISMATCHED = "mismatched";

  private final SparkSession spark;
  private final ReconcileSpec spec;
  private final PipelineConfig p;
  private final List<String> keys;
  private final List<String> compared;

  private Reconciler(SparkSession spark, ReconcileSpec spec) {
    this.spark = spark;
    this.spec = spec;
    this.p = spec.pipeline();
    this.keys = p.keys();
    this.compared =
        spec.reference() == ReconcileReference.GOLDEN ? p.comparedColumns() : ordering(p);
  }

  public static ReconcileResult reconcile(SparkSession spark, ReconcileSpec spec) {
    return new Reconciler(spark, spec).reconcile();
  }

  private ReconcileResult reconcile() {
    Sides sides = Sides.of(spark, spec, compared);
    Map<String, Column> differs = differs(sides.hashed());
    Dataset<Row> joined = classified(sides, differs);
    List<Column> aggregates = counts(differs.keySet());
    Row counts =
        StepTimes.timed(
            "reconcile: compare",
            () ->
                joined
                    .agg(
                        aggregates.get(0),
                        aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                    .first());
    long missing = counts.getLong(2);
    long extra = counts.getLong(3);
    long mismatched = counts.getLong(4);
    TargetDuplicates duplicates =
        sides.repeats().isPresent()
            ? TargetDuplicates.observed(spark, spec, sides.repeats().get())
            : TargetDuplicates.timedCount(spark, spec);
    Map<String, Long> perColumn = new LinkedHashMap<>();
    int i = 5;
    for (String column : differs.keySet()) {
      long n = counts.getLong(i++);
      if (n > 0) {
        perColumn.put(column, n);
      }
    }
    Differences found =
        missing + extra + mismatched > 0
            ? differences(sides, joined, mismatched, perColumn)
            : new Differences(Map.of(), perColumn);
    return new ReconcileResult(
        spec.reference(),
        spec.scopeLabel(),
        spec.asOf(),
        new Findings(
            counts.getLong(0),
            counts.getLong(1),
            missing,
            extra,
            mismatched,
            duplicates.extraRows(),
            found.perColumn(),
            found.samples().getOrDefault(MISSING, List.of()),
            found.samples().getOrDefault(EXTRA, List.of()),
            found.samples().getOrDefault(MISMATCHED, List.of())),
        ReconcileLimits.breach(p, missing, extra, mismatched, duplicates));
  }

  /** The sample keys of each kind, and the mismatched rows per compared column. */
  private record Differences(Map<String, List<String>> samples, Map<String, Long> perColumn) {}

  /**
   * The sample keys, and, when the comparison hashed the values, which columns the mismatched rows
   * differ in.
   */
  private Differences differences(
      Sides sides, Dataset<Row> joined, long mismatched, Map<String, Long> perColumn) {
    Map<String, List<String>> samples = Map.of();
    int sampleSize = p.reconcile().sampleSize();
    boolean namesColumns = sides.hashed() && mismatched > 0;
    if (sampleSize == 0 && !namesColumns) {
      return new Differences(samples, perColumn);
    }
    // Kept: the sample and the mismatched columns both start from the differing keys.
    Dataset<Row> differing =
        joined
            .where(functions.col(KIND).isNotNull())
            .select(KIND, KEY, KEY_COLUMN)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (sampleSize > 0) {
        samples = samples(differing, sampleSize);
      }
      if (namesColumns) {
        perColumn =
            StepTimes.timed(
                "reconcile: mismatched columns", () -> mismatchedColumns(sides, differing));
      }
      return new Differences(samples, perColumn);
    } finally {
      differing.unpersist();
    }
  }

  /**
   * Per compared column, whether a pair differs in it: only against a golden source compared value
   * by value (a hash names no column; against the batch only the version matters).
   */
  private Map<String, Column> differs(boolean hashed) {
    Map<String, Column> differs = new LinkedHashMap<>();
    if (!hashed && spec.reference() == ReconcileReference.GOLDEN) {
      for (String column : compared) {
        differs.put(
            column, functions.not(Columns.col("g", column).eqNullSafe(Columns.col("t", column))));
      }
    }
    return differs;
  }

  /** Whether a pair present on both sides is mismatched. */
  private Column anyDiffers(boolean hashed, Map<String, Column> differs) {
    if (hashed) {
      return functions.not(
          Columns.col("g", Sides.VALUES_HASH).eqNullSafe(Columns.col("t", Sides.VALUES_HASH)));
    }
    if (spec.reference() == ReconcileReference.GOLDEN) {
      Column anyDiffers = functions.lit(false);
      for (Column d : differs.values()) {
        anyDiffers = anyDiffers.or(d);
      }
      return anyDiffers;
    }
    // The target may hold a newer version than the batch; only an older one is wrong.
    return Dedup.newer("g", "t", p.sequence());
  }

  /**
   * Every key of either side, once per pair of rows, with where it is, its {@link #KIND} (NULL when
   * the pair agrees), its text, the columns it differs in and its key values.
   */
  private Dataset<Row> classified(Sides sides, Map<String, Column> differs) {
    Column isTombstone =
        functions.coalesce(functions.col("g." + Sides.TOMBSTONE), functions.lit(false));
    Column inReference = functions.col("g." + PRESENT).isNotNull().and(functions.not(isTombstone));
    Column inTarget = functions.col("t." + PRESENT).isNotNull();
    Column targetNewer =
        spec.reference() == ReconcileReference.STAGED
            ? Dedup.newer("t", "g", p.sequence())
            : functions.lit(false);
    Column kind =
        functions
            .when(isTombstone.and(inTarget).and(functions.not(targetNewer)), EXTRA)
            .when(isTombstone, functions.lit(null))
            .when(functions.not(inTarget), MISSING)
            .when(functions.not(inReference), EXTRA)
            .when(anyDiffers(sides.hashed(), differs), MISMATCHED);
    List<Column> keyText = new ArrayList<>();
    List<Column> keyValues = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      Column value =
          functions.coalesce(Columns.col("g", keys.get(k)), Columns.col("t", keys.get(k)));
      keyText.add(functions.coalesce(value.cast("string"), functions.lit("NULL")));
      keyValues.add(value.as(KEY_COLUMN + k));
    }
    return pairs(sides)
        .select(
            inReference.as("in_reference"),
            inTarget.as("in_target"),
            kind.as(KIND),
            functions.concat_ws("|", keyText.toArray(Column[]::new)).as(KEY),
            differsArray(differs),
            functions.struct(keyValues.toArray(Column[]::new)).as(KEY_COLUMN));
  }

  /** The full outer join of the two sides on the keys, within the scope when there is one. */
  private Dataset<Row> pairs(Sides sides) {
    Dataset<Row> g = sides.reference().withColumn(PRESENT, functions.lit(true)).as("g");
    Dataset<Row> t = sides.target().withColumn(PRESENT, functions.lit(true)).as("t");
    if (sides.scope().isEmpty()) {
      return g.join(t, KeyJoins.keysMatch("g", "t", keys, false), "full_outer");
    }
    // Each scope key with its reference rows, each of those with the key's target rows: the
    // full outer join of the two sides within the scope (a key in neither side is dropped),
    // with the scope's keys shuffled, deduplicated and sorted once rather than once per side.
    return sides
        .scope()
        .get()
        .as("s")
        .join(g, KeyJoins.hashAndKeysMatch("s", "g", keys), "left_outer")
        .join(t, KeyJoins.hashAndKeysMatch("s", "t", keys), "left_outer")
        .where(
            functions
                .col("g." + PRESENT)
                .isNotNull()
                .or(functions.col("t." + PRESENT).isNotNull()));
  }

  /**
   * The counts of one aggregation: reference rows, target rows, missing, extra, mismatched, then
   * the mismatched rows per column of {@code columns}.
   */
  private static List<Column> counts(Set<String> columns) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(Columns.countWhere(functions.col("in_reference")));
    aggregates.add(Columns.countWhere(functions.col("in_target")));
    aggregates.add(Columns.countWhere(functions.col(KIND).equalTo(MISSING)));
    aggregates.add(Columns.countWhere(functions.col(KIND).equalTo(EXTRA)));
    aggregates.add(Columns.countWhere(functions.col(KIND).equalTo(MISMATCHED)));
    for (String column : columns) {
      aggregates.add(
          Columns.countWhere(
              functions
                  .col(KIND)
                  .equalTo(MISMATCHED)
                  .and(functions.array_contains(functions.col(DIFFERS), column))));
    }
    return aggregates;
  }

  /**
   * Per compared column, how many mismatched rows differ in it: the values of the mismatched keys
   * alone, compared column by column.
   */
  private Map<String, Long> mismatchedColumns(Sides sides, Dataset<Row> differing) {
    // A scope holds no NULL key: plain equality then joins every side on the scope's partitioning
    // (a NULL-safe comparison would shuffle again on a rewritten key).
    boolean noNullKeys = sides.scope().isPresent();
    List<Column> keyColumns = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      keyColumns.add(functions.col(KEY_COLUMN + "." + KEY_COLUMN + k).as(keys.get(k)));
    }
    Dataset<Row> mismatchedKeys =
        differing
            .where(functions.col(KIND).equalTo(MISMATCHED))
            .select(keyColumns.toArray(Column[]::new))
            .distinct();
    Dataset<Row> g =
        sides
            .referenceValues()
            .as("g")
            .join(
                mismatchedKeys.as("m"),
                KeyJoins.keysMatch("g", "m", keys, noNullKeys),
                "left_semi");
    Dataset<Row> t =
        sides
            .targetValues()
            .as("t")
            .join(
                mismatchedKeys.as("m"),
                KeyJoins.keysMatch("t", "m", keys, noNullKeys),
                "left_semi");
    List<Column> perColumn = new ArrayList<>();
    for (String column : compared) {
      perColumn.add(
          Columns.countWhere(
                  functions.not(Columns.col("g", column).eqNullSafe(Columns.col("t", column))))
              .as(column));
    }
    Row counts =
        g.as("g")
            .join(t.as("t"), KeyJoins.keysMatch("g", "t", keys, noNullKeys), "inner")
            .agg(perColumn.get(0), perColumn.subList(1, perColumn.size()).toArray(Column[]::new))
            .first();
    Map<String, Long> mismatched = new LinkedHashMap<>();
    for (int i = 0; i < compared.size(); i++) {
      if (counts.getLong(i) > 0) {
        mismatched.put(compared.get(i), counts.getLong(i));
      }
    }
    return mismatched;
  }

  /** The first keys of each kind in key order: deterministic, and bounded in memory. */
  private static Map<String, List<String>> samples(Dataset<Row> joined, int size) {
    Map<String, List<String>> samples = new LinkedHashMap<>();
    for (Row row :
        joined
            .where(functions.col(KIND).isNotNull())
            .withColumn(
                "_tm_n",
                functions
                    .row_number()
                    .over(Window.partitionBy(functions.col(KIND)).orderBy(functions.col(KEY))))
            .where(functions.col("_tm_n").leq(size))
            .select(KIND, KEY)
            .orderBy(KIND, KEY)
            .collectAsList()) {
      samples.computeIfAbsent(row.getString(0), k -> new ArrayList<>()).add(row.getString(1));
    }
    return samples;
  }

  private static Column differsArray(Map<String, Column> differs) {
    if (differs.isEmpty()) {
      return functions.array().cast("array<string>").as(DIFFERS);
    }
    List<Column> names = new ArrayList<>();
    differs.forEach((name, d) -> names.add(functions.when(d, functions.lit(name))));
    return functions
        .filter(functions.array(names.toArray(Column[]::new)), Column::isNotNull)
        .as(DIFFERS);
  }

  private static List<String> ordering(PipelineConfig p) {
    List<String> columns = new ArrayList<>(p.sequence());
    columns.add(Columns.ROW_HASH);
    return columns;
  }
}

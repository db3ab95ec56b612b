package dev.tidemark.reconcile;

import dev.tidemark.StepTimes;
import dev.tidemark.config.DataFormat;
import dev.tidemark.config.GoldenConfig;
import dev.tidemark.config.InvalidConfigException;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.ReconcileConfig;
import dev.tidemark.publish.Stager;
import dev.tidemark.publish.Staging;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.Dedup;
import dev.tidemark.transform.RowHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
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
  private static final String TOMBSTONE = "_tm_tombstone";
  private static final String ROWS_OF_KEY = "_tm_rows_of_key";
  private static final String VALUES_HASH = "_tm_values_hash";
  private static final String KEY_COLUMN = "_tm_key_";
  private static final String MISSING = "missing";
  private static final String EXTRA = "extra";
  private static final String MISMATCHED = "mismatched";

  private Reconciler() {}

  public static ReconcileResult reconcile(SparkSession spark, ReconcileSpec spec) {
    PipelineConfig p = spec.pipeline();
    List<String> keys = p.keys();
    List<String> compared =
        spec.reference() == Reference.GOLDEN ? p.comparedColumns() : ordering(p);

    // A staged tombstone is a key the target must not hold (unless it holds a newer version).
    Column tombstone =
        spec.reference() == Reference.STAGED ? p.deletes().isTombstone() : functions.lit(false);
    Dataset<Row> reference =
        reference(spark, spec)
            .withColumn(TOMBSTONE, tombstone)
            .select(
                concatCols(
                    Columns.cols(
                        spec.reference() == Reference.STAGED
                            ? concat(concat(keys, compared), List.of(Columns.LANDING_DATE))
                            : concat(keys, compared)),
                    functions.col(TOMBSTONE)));
    if (spec.reference() == Reference.STAGED && spec.rememberedDeletes().isPresent()) {
      // A staged version not newer than a remembered delete was dropped by the publish: like a
      // tombstone, its key must be absent from the target or hold a newer version.
      Dataset<Row> deleted = spec.rememberedDeletes().get();
      Column coveredByDelete =
          Columns.keysEqual("g", "r", keys).and(functions.not(Dedup.newer("g", "r", p.sequence())));
      if (p.deletes().snapshot()) {
        // As in the publish: a newer snapshot that has the key again brings it back.
        coveredByDelete =
            coveredByDelete.and(
                Columns.col("g", Columns.LANDING_DATE)
                    .leq(Columns.col("r", dev.tidemark.publish.Tombstones.LANDING)));
      }
      reference =
          reference
              .as("g")
              .join(deleted.as("r"), coveredByDelete, "left_anti")
              .unionByName(
                  reference
                      .as("g")
                      .join(deleted.as("r"), coveredByDelete, "left_semi")
                      .withColumn(TOMBSTONE, functions.lit(true)));
    }
    Dataset<Row> target = spec.target().read(spark);
    if (spec.targetScope().isPresent()) {
      target = target.where(spec.targetScope().get());
    }
    target = target.select(Columns.cols(concat(keys, compared)));
    // The values, for the second comparison that names the mismatched columns.
    Dataset<Row> referenceValues = reference;
    Dataset<Row> targetValues = target;
    boolean hashed =
        spec.reference() == Reference.GOLDEN
            && hashable(compared, reference.schema(), target.schema());
    if (hashed) {
      reference =
          reference.select(
              concatCols(
                  concatCols(Columns.cols(keys), functions.col(TOMBSTONE)),
                  valuesHash(reference, compared)));
      target = target.select(concatCols(Columns.cols(keys), valuesHash(target, compared)));
    }
    Optional<Dataset<Row>> scope = spec.scopeKeys().map(k -> Dedup.distinctKeys(k, keys));
    if (scope.isPresent()) {
      // Every side joins the scope on the key hash and the keys: a sort on a long hash is cheap,
      // one on keys that share a long prefix compares whole rows.
      reference = reference.withColumn(Dedup.KEY_HASH, Dedup.keyHash(keys));
      target = target.withColumn(Dedup.KEY_HASH, Dedup.keyHash(keys));
    }
    // When the comparison reads the whole target, it also counts repeated keys on the way. That
    // count covers keys outside the scope too, so it only gates the duplicate check: at 0 (the
    // usual case) the check needs no read of its own; above 0 the check counts the scope's keys.
    Optional<Observation> repeats = Optional.empty();
    if (spec.targetScope().isEmpty() && spec.scopeKeys().isPresent()) {
      repeats = Optional.of(new Observation("tidemark_target_repeats"));
      target = countRepeats(target, keys, repeats.get());
    }

    // A scope holds no NULL key: plain equality then joins every side on the scope's partitioning
    // (a NULL-safe comparison would shuffle again on a rewritten key).
    boolean noNullKeys = scope.isPresent();
    Column isTombstone = functions.coalesce(functions.col("g." + TOMBSTONE), functions.lit(false));
    Column inReference = functions.col("g." + PRESENT).isNotNull().and(functions.not(isTombstone));
    Column inTarget = functions.col("t." + PRESENT).isNotNull();
    Map<String, Column> differs = new LinkedHashMap<>();
    Column anyDiffers;
    if (hashed) {
      anyDiffers =
          functions.not(Columns.col("g", VALUES_HASH).eqNullSafe(Columns.col("t", VALUES_HASH)));
    } else if (spec.reference() == Reference.GOLDEN) {
      anyDiffers = functions.lit(false);
      for (String column : compared) {
        Column d = functions.not(Columns.col("g", column).eqNullSafe(Columns.col("t", column)));
        differs.put(column, d);
        anyDiffers = anyDiffers.or(d);
      }
    } else {
      // The target may hold a newer version than the batch; only an older one is wrong.
      anyDiffers = Dedup.newer("g", "t", p.sequence());
    }
    Column targetNewer =
        spec.reference() == Reference.STAGED
            ? Dedup.newer("t", "g", p.sequence())
            : functions.lit(false);
    Column kind =
        functions
            .when(isTombstone.and(inTarget).and(functions.not(targetNewer)), EXTRA)
            .when(isTombstone, functions.lit(null))
            .when(functions.not(inTarget), MISSING)
            .when(functions.not(inReference), EXTRA)
            .when(anyDiffers, MISMATCHED);
    List<Column> keyText = new ArrayList<>();
    List<Column> keyValues = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      Column value =
          functions.coalesce(Columns.col("g", keys.get(k)), Columns.col("t", keys.get(k)));
      keyText.add(functions.coalesce(value.cast("string"), functions.lit("NULL")));
      keyValues.add(value.as(KEY_COLUMN + k));
    }
    Dataset<Row> g = reference.withColumn(PRESENT, functions.lit(true)).as("g");
    Dataset<Row> t = target.withColumn(PRESENT, functions.lit(true)).as("t");
    Dataset<Row> pairs;
    if (scope.isPresent()) {
      // Each scope key with its reference rows, each of those with the key's target rows: the
      // full outer join of the two sides within the scope (a key in neither side is dropped),
      // with the scope's keys shuffled, deduplicated and sorted once rather than once per side.
      pairs =
          scope
              .get()
              .as("s")
              .join(g, hashAndKeysMatch("s", "g", keys), "left_outer")
              .join(t, hashAndKeysMatch("s", "t", keys), "left_outer")
              .where(
                  functions
                      .col("g." + PRESENT)
                      .isNotNull()
                      .or(functions.col("t." + PRESENT).isNotNull()));
    } else {
      pairs = g.join(t, keysMatch("g", "t", keys, false), "full_outer");
    }
    Dataset<Row> joined =
        pairs.select(
            inReference.as("in_reference"),
            inTarget.as("in_target"),
            kind.as(KIND),
            functions.concat_ws("|", keyText.toArray(Column[]::new)).as(KEY),
            differsArray(differs),
            functions.struct(keyValues.toArray(Column[]::new)).as(KEY_COLUMN));

    List<Column> aggregates = new ArrayList<>();
    aggregates.add(Columns.countWhere(functions.col("in_reference")));
    aggregates.add(Columns.countWhere(functions.col("in_target")));
    aggregates.add(Columns.countWhere(functions.col(KIND).equalTo(MISSING)));
    aggregates.add(Columns.countWhere(functions.col(KIND).equalTo(EXTRA)));
    aggregates.add(Columns.countWhere(functions.col(KIND).equalTo(MISMATCHED)));
    for (String column : differs.keySet()) {
      aggregates.add(
          Columns.countWhere(
              functions
                  .col(KIND)
                  .equalTo(MISMATCHED)
                  .and(functions.array_contains(functions.col("_tm_differs"), column))));
    }
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
    Duplicates duplicates =
        repeats.isPresent()
            ? observedDuplicates(spark, spec, repeats.get())
            : StepTimes.timed("reconcile: duplicate keys", () -> duplicates(spark, spec));
    Map<String, Long> perColumn = new LinkedHashMap<>();
    int i = 5;
    for (String column : differs.keySet()) {
      long n = counts.getLong(i++);
      if (n > 0) {
        perColumn.put(column, n);
      }
    }

    Map<String, List<String>> samples = Map.of();
    int sampleSize = p.reconcile().sampleSize();
    boolean namesColumns = hashed && mismatched > 0;
    if (missing + extra + mismatched > 0 && (sampleSize > 0 || namesColumns)) {
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
                  "reconcile: mismatched columns",
                  () ->
                      mismatchedColumns(
                          referenceValues, targetValues, differing, keys, compared, noNullKeys));
        }
      } finally {
        differing.unpersist();
      }
    }
    return new ReconcileResult(
        spec.reference(),
        spec.scopeLabel(),
        spec.asOf(),
        counts.getLong(0),
        counts.getLong(1),
        missing,
        extra,
        mismatched,
        duplicates.extraRows(),
        perColumn,
        samples.getOrDefault(MISSING, List.of()),
        samples.getOrDefault(EXTRA, List.of()),
        samples.getOrDefault(MISMATCHED, List.of()),
        breach(p, missing, extra, mismatched, duplicates.extraRows(), duplicates.sample()));
  }

  /**
   * Per compared column, how many mismatched rows differ in it: the values of the mismatched keys
   * alone, compared column by column.
   */
  private static Map<String, Long> mismatchedColumns(
      Dataset<Row> reference,
      Dataset<Row> target,
      Dataset<Row> differing,
      List<String> keys,
      List<String> compared,
      boolean noNullKeys) {
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
        reference
            .as("g")
            .join(mismatchedKeys.as("m"), keysMatch("g", "m", keys, noNullKeys), "left_semi");
    Dataset<Row> t =
        target
            .as("t")
            .join(mismatchedKeys.as("m"), keysMatch("t", "m", keys, noNullKeys), "left_semi");
    List<Column> perColumn = new ArrayList<>();
    for (String column : compared) {
      perColumn.add(
          Columns.countWhere(
                  functions.not(Columns.col("g", column).eqNullSafe(Columns.col("t", column))))
              .as(column));
    }
    Row counts =
        g.as("g")
            .join(t.as("t"), keysMatch("g", "t", keys, noNullKeys), "inner")
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

  /** Key equality of two aliased sides that carry {@link Dedup#KEY_HASH}; no key is NULL. */
  private static Column hashAndKeysMatch(String left, String right, List<String> keys) {
    return Columns.col(left, Dedup.KEY_HASH)
        .equalTo(Columns.col(right, Dedup.KEY_HASH))
        .and(keysMatch(left, right, keys, true));
  }

  /** Key equality of two aliased sides; NULL-safe unless no key can be NULL. */
  private static Column keysMatch(String left, String right, List<String> keys, boolean noNulls) {
    Column match = functions.lit(true);
    for (String key : keys) {
      Column l = Columns.col(left, key);
      Column r = Columns.col(right, key);
      match = match.and(noNulls ? l.equalTo(r) : l.eqNullSafe(r));
    }
    return match;
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

  /** Target rows beyond the first of their key, and the first such keys. */
  private record Duplicates(long extraRows, List<String> sample) {}

  /**
   * Counts into {@code repeats} the rows of {@code target} (which carries {@link Dedup#KEY_HASH})
   * beyond the first of their key, over every row of {@code target}, in the scope or not. The
   * window's shuffle and sort on the key hash and the key are the ones the join with the scope
   * needs next, so they cost nothing extra. Without an order, the window gives each row its key's
   * row count c; each row adds (c - 1) / c, so a key adds c - 1 in all; the sum is rounded once at
   * the end.
   */
  private static Dataset<Row> countRepeats(
      Dataset<Row> target, List<String> keys, Observation repeats) {
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
  private static Duplicates observedDuplicates(
      SparkSession spark, ReconcileSpec spec, Observation repeats) {
    Object observed = Stager.metrics(repeats).get("extra"); // absent when no partition ran
    long extra = observed == null ? 0 : Math.round(((Number) observed).doubleValue());
    return extra == 0 ? new Duplicates(0, List.of()) : duplicates(spark, spec);
  }

  /**
   * Key uniqueness across the whole target, not only the scope's partitions: a key whose partition
   * value changed holds its old row in a partition the batch does not touch. Limited to the scope's
   * keys when there are some; reads only the key columns.
   */
  private static Duplicates duplicates(SparkSession spark, ReconcileSpec spec) {
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
              .join(scope.as("s"), hashAndKeysMatch("t", "s", keys), "left_semi");
      groups = Dedup.hashAndKeys(keys);
    }
    List<Column> keyText = new ArrayList<>();
    for (String key : keys) {
      keyText.add(functions.coalesce(Columns.col(key).cast("string"), functions.lit("NULL")));
    }
    Dataset<Row> repeated =
        all.groupBy(groups)
            .count()
            .where(functions.col("count").gt(1))
            .select(
                functions.concat_ws("|", keyText.toArray(Column[]::new)).as(KEY),
                functions.col("count").minus(1).as("extra"))
            .cache();
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
      return new Duplicates(extra, sample);
    } finally {
      repeated.unpersist();
    }
  }

  static Optional<String> breach(
      PipelineConfig pipeline, long missing, long extra, long mismatched, long duplicates) {
    return breach(pipeline, missing, extra, mismatched, duplicates, List.of());
  }

  static Optional<String> breach(
      PipelineConfig pipeline,
      long missing,
      long extra,
      long mismatched,
      long duplicates,
      List<String> duplicateKeys) {
    ReconcileConfig limits = pipeline.reconcile();
    long maxDuplicates = pipeline.thresholds().maxTargetDuplicateKeys();
    List<String> reasons = new ArrayList<>();
    if (missing > limits.maxMissing()) {
      reasons.add("missing " + missing + " > max-missing " + limits.maxMissing());
    }
    if (extra > limits.maxExtra()) {
      reasons.add("extra " + extra + " > max-extra " + limits.maxExtra());
    }
    if (mismatched > limits.maxMismatched()) {
      reasons.add("mismatched " + mismatched + " > max-mismatched " + limits.maxMismatched());
    }
    if (duplicates > maxDuplicates) {
      reasons.add(
          "target duplicate keys "
              + duplicates
              + " > thresholds.max-target-duplicate-keys "
              + maxDuplicates
              + (duplicateKeys.isEmpty()
                  ? ""
                  : " (keys held by more than one row: " + String.join(", ", duplicateKeys) + ")"));
    }
    return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
  }

  private static Dataset<Row> reference(SparkSession spark, ReconcileSpec spec) {
    PipelineConfig p = spec.pipeline();
    if (spec.reference() == Reference.STAGED) {
      return Staging.validRows(spark, spec.stagingPath().orElseThrow());
    }
    Dataset<Row> rows = golden(spark, p);
    GoldenConfig golden = p.reconcile().golden().orElseThrow();
    if (golden.hasValidity() && spec.asOf().isPresent()) {
      Column asOf = functions.lit(java.sql.Date.valueOf(spec.asOf().get()));
      Column from = Columns.col(golden.validFrom().get());
      Column to = Columns.col(golden.validTo().get());
      rows = rows.where(from.leq(asOf).and(to.isNull().or(to.gt(asOf))));
    }
    return rows;
  }

  /**
   * Every row of the pipeline's golden source, in the pipeline's types, with its validity columns
   * when it has them: what a check against it reads, before the check picks a state.
   */
  public static Dataset<Row> golden(SparkSession spark, PipelineConfig p) {
    GoldenConfig golden =
        p.reconcile()
            .golden()
            .orElseThrow(() -> new IllegalStateException("Cannot reconcile: no golden source"));
    StructType schema = p.source().schema();
    Dataset<Row> rows;
    if (golden.format() == DataFormat.JSON || golden.format() == DataFormat.CSV) {
      StructType withValidity = schema;
      if (golden.hasValidity()) {
        withValidity =
            withValidity
                .add(golden.validFrom().get(), DataTypes.DateType)
                .add(golden.validTo().get(), DataTypes.DateType);
      }
      rows =
          spark
              .read()
              .format(golden.format().sparkName())
              .schema(withValidity)
              .options(golden.options())
              .load(golden.path());
    } else {
      rows =
          spark
              .read()
              .format(golden.format().sparkName())
              .options(golden.options())
              .load(golden.path());
      rows = castToSchema(rows, schema, golden);
    }
    return rows;
  }

  /** Parquet and Delta golden sources carry their own types: compare as the pipeline's types. */
  private static Dataset<Row> castToSchema(Dataset<Row> rows, StructType schema, GoldenConfig g) {
    List<String> present = List.of(rows.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (!present.contains(field.name())) {
        throw new InvalidConfigException(
            "Cannot reconcile against "
                + g.path()
                + ": the golden source has no column '"
                + field.name()
                + "'; its columns are "
                + String.join(", ", present));
      }
      columns.add(Columns.col(field.name()).cast(field.dataType()).as(field.name()));
    }
    g.validFrom().ifPresent(c -> columns.add(Columns.col(c).cast("date").as(c)));
    g.validTo().ifPresent(c -> columns.add(Columns.col(c).cast("date").as(c)));
    return rows.select(columns.toArray(Column[]::new));
  }

  /**
   * Whether one hash of the compared values can stand for them: every column's type is the same on
   * both sides and one whose hash tells values apart exactly as {@code <=>} does. Not floating
   * point ({@code <=>} takes 0.0 and -0.0 as equal), collated text or nested types.
   */
  private static boolean hashable(List<String> compared, StructType reference, StructType target) {
    for (String column : compared) {
      DataType type = reference.apply(column).dataType();
      boolean exact =
          type.equals(DataTypes.StringType)
              || type instanceof ByteType
              || type instanceof ShortType
              || type instanceof IntegerType
              || type instanceof LongType
              || type instanceof DecimalType
              || type instanceof DateType
              || type instanceof TimestampType
              || type instanceof TimestampNTZType
              || type instanceof BooleanType
              || type instanceof BinaryType;
      if (!exact || !type.equals(target.apply(column).dataType())) {
        return false;
      }
    }
    return !compared.isEmpty();
  }

  private static Column valuesHash(Dataset<Row> rows, List<String> compared) {
    return RowHash.of(rows, compared, RowHash.Version.TYPED_VALUES).as(VALUES_HASH);
  }

  private static Column differsArray(Map<String, Column> differs) {
    if (differs.isEmpty()) {
      return functions.array().cast("array<string>").as("_tm_differs");
    }
    List<Column> names = new ArrayList<>();
    differs.forEach((name, d) -> names.add(functions.when(d, functions.lit(name))));
    return functions
        .filter(functions.array(names.toArray(Column[]::new)), Column::isNotNull)
        .as("_tm_differs");
  }

  private static List<String> ordering(PipelineConfig p) {
    List<String> columns = new ArrayList<>(p.sequence());
    columns.add(Columns.ROW_HASH);
    return columns;
  }

  private static Column[] concatCols(Column[] columns, Column last) {
    Column[] all = java.util.Arrays.copyOf(columns, columns.length + 1);
    all[columns.length] = last;
    return all;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    b.stream().filter(c -> !all.contains(c)).forEach(all::add);
    return all;
  }
}

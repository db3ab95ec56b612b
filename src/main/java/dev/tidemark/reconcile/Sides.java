package dev.tidemark.reconcile;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.publish.Tombstones;
import dev.tidemark.stage.Staging;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.Dedup;
import dev.tidemark.transform.RowHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The two sides as the comparison joins them, and their values for the second comparison that names
 * the mismatched columns.
 *
 * @param hashed whether each side carries one hash of its compared values instead of the values
 * @param scope the scope's distinct keys, with their key hash, when the comparison is scoped
 * @param repeats counts the target's repeated keys on the way, when the comparison reads it all
 */
record Sides(
    Dataset<Row> reference,
    Dataset<Row> target,
    Dataset<Row> referenceValues,
    Dataset<Row> targetValues,
    boolean hashed,
    Optional<Dataset<Row>> scope,
    Optional<Observation> repeats) {

  /** True on a reference row whose key the target must not hold (or hold a newer version of). */
  static final String TOMBSTONE = "_tm_tombstone";

  /** One hash of a side's compared values, when {@link #hashed()}. */
  static final String VALUES_HASH = "_tm_values_hash";

  static Sides of(SparkSession spark, ReconcileSpec spec, List<String> compared) {
    List<String> keys = spec.pipeline().keys();
    Dataset<Row> reference = referenceRows(spark, spec, compared);
    Dataset<Row> target = spec.target().read(spark);
    if (spec.targetScope().isPresent()) {
      target = target.where(spec.targetScope().get());
    }
    target = target.select(Columns.cols(concat(keys, compared)));
    Dataset<Row> referenceValues = reference;
    Dataset<Row> targetValues = target;
    boolean hashed =
        spec.reference() == ReconcileReference.GOLDEN
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
      target = TargetDuplicates.countRepeats(target, keys, repeats.get());
    }
    return new Sides(reference, target, referenceValues, targetValues, hashed, scope, repeats);
  }

  /** The reference's rows in the compared columns, with {@link #TOMBSTONE}. */
  private static Dataset<Row> referenceRows(
      SparkSession spark, ReconcileSpec spec, List<String> compared) {
    PipelineConfig p = spec.pipeline();
    List<String> keys = p.keys();
    // A staged tombstone is a key the target must not hold (unless it holds a newer version).
    boolean staged = spec.reference() == ReconcileReference.STAGED;
    Column tombstone = staged ? p.deletes().isTombstone() : functions.lit(false);
    Dataset<Row> reference =
        (staged
                ? Staging.validRows(spark, spec.stagingPath().orElseThrow())
                : GoldenSource.asOf(spark, p, spec.asOf()))
            .withColumn(TOMBSTONE, tombstone)
            .select(
                concatCols(
                    Columns.cols(
                        staged
                            ? concat(concat(keys, compared), List.of(Columns.LANDING_DATE))
                            : concat(keys, compared)),
                    functions.col(TOMBSTONE)));
    return staged && spec.rememberedDeletes().isPresent()
        ? withRememberedDeletes(p, reference, spec.rememberedDeletes().get())
        : reference;
  }

  /**
   * A staged version not newer than a remembered delete was dropped by the publish: like a
   * tombstone, its key must be absent from the target or hold a newer version.
   */
  private static Dataset<Row> withRememberedDeletes(
      PipelineConfig p, Dataset<Row> reference, Dataset<Row> deleted) {
    List<String> keys = p.keys();
    Column coveredByDelete =
        Columns.keysEqual("g", "r", keys).and(functions.not(Dedup.newer("g", "r", p.sequence())));
    if (p.deletes().snapshot()) {
      // As in the publish: a newer snapshot that has the key again brings it back.
      coveredByDelete =
          coveredByDelete.and(
              Columns.col("g", Columns.LANDING_DATE).leq(Columns.col("r", Tombstones.LANDING)));
    }
    return reference
        .as("g")
        .join(deleted.as("r"), coveredByDelete, "left_anti")
        .unionByName(
            reference
                .as("g")
                .join(deleted.as("r"), coveredByDelete, "left_semi")
                .withColumn(TOMBSTONE, functions.lit(true)));
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

  private static Column[] concatCols(Column[] columns, Column last) {
    Column[] all = java.util.Arrays.copyOf(columns, columns.length + 1);
    all[columns.length] = last;
    return all;
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    b.stream().filter(c -> !all.contains(c)).forEach(all::add);
    return all;
  }
}

package dev.tidemark.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VariantType;

/**
 * A 64-bit hash of a row's business columns: the last tie-breaker between versions with equal
 * sequence, and how unchanged rows are recognised before the MERGE.
 *
 * <p>Whatever the {@link Version}, the hash does not depend on column order (columns are taken
 * sorted by name), on the session's time zone (times are hashed in UTC), or on NULL positions: a
 * NULL field is left out and every other field is hashed behind its column's name, so (NULL, 'a')
 * and ('a', NULL) differ. Adding a column that is NULL for old rows leaves their hashes unchanged.
 *
 * <p>A target keeps one version for all its rows, recorded in its {@link Version#PROPERTY} table
 * property: rows hashed another way would all look changed, and equal-sequence ties could flip.
 */
public final class RowHash {
  private static final Map<String, String> CANONICAL_JSON =
      Map.of(
          "timeZone", "UTC",
          "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
          "timestampNTZFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS",
          "dateFormat", "yyyy-MM-dd",
          "ignoreNullFields", "true");

  /** How a target's row hashes were computed. */
  public enum Version {
    /**
     * xxHash64 of a canonical JSON text of the row (times in UTC with microseconds, NULL fields
     * left out): what targets created before the table property existed hold. Writing the text
     * costs about a quarter of the stage step.
     */
    CANONICAL_JSON("1"),
    /**
     * xxHash64 of the values themselves, each non-NULL value behind its column's name (timestamps
     * are UTC microseconds, decimals their unscaled value); columns holding maps or variants, which
     * Spark cannot hash, as canonical JSON.
     */
    TYPED_VALUES("2");

    /** The table property that records a target's version. */
    public static final String PROPERTY = "tidemark.rowHash";

    /** What new targets get. */
    public static final Version CURRENT = TYPED_VALUES;

    private final String property;

    Version(String property) {
      this.property = property;
    }

    public String property() {
      return property;
    }

    /** The version a target records; a target without the property predates it. */
    public static Version ofProperty(Optional<String> value) {
      if (value.isEmpty()) {
        return CANONICAL_JSON;
      }
      for (Version v : values()) {
        if (v.property.equals(value.get())) {
          return v;
        }
      }
      throw new IllegalStateException(
          "The target's table property "
              + PROPERTY
              + " = '"
              + value.get()
              + "' names a row hash this version of Tidemark does not know; run a newer"
              + " Tidemark, as the one that wrote the table");
    }
  }

  private RowHash() {}

  /** The hash of {@code columns} of {@code rows}, computed the way {@code version} says. */
  public static Column of(Dataset<Row> rows, List<String> columns, Version version) {
    List<String> sorted = columns.stream().sorted().toList();
    if (version == Version.CANONICAL_JSON) {
      return functions.xxhash64(
          functions.to_json(functions.struct(Columns.cols(sorted)), CANONICAL_JSON));
    }
    StructType schema = rows.schema();
    List<Column> parts = new ArrayList<>();
    for (String name : sorted) {
      Column value = Columns.col(name);
      parts.add(functions.when(value.isNotNull(), functions.lit(name)));
      parts.add(
          unhashable(schema.apply(name).dataType())
              ? functions.to_json(functions.struct(value), CANONICAL_JSON)
              : value);
    }
    return functions.xxhash64(parts.toArray(Column[]::new));
  }

  /** {@code rows} with {@link Columns#ROW_HASH} set (added, or replaced). */
  public static Dataset<Row> add(Dataset<Row> rows, List<String> columns, Version version) {
    return rows.withColumn(Columns.ROW_HASH, of(rows, columns, version));
  }

  /** Spark's hash functions refuse maps and variants, also inside structs and arrays. */
  private static boolean unhashable(DataType type) {
    if (type instanceof MapType || type instanceof VariantType) {
      return true;
    }
    if (type instanceof ArrayType a) {
      return unhashable(a.elementType());
    }
    if (type instanceof StructType s) {
      for (StructField f : s.fields()) {
        if (unhashable(f.dataType())) {
          return true;
        }
      }
    }
    return false;
  }
}

package dev.tidemark.source;

import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Looks a file's column up in the configured schema the way Spark's reader of that format matches
 * names: JSON keys exactly (a key "Amount" is never read into "amount", so it is a column of its
 * own), CSV headers and Parquet columns case-insensitively.
 */
final class DeclaredColumns {
  private DeclaredColumns() {}

  static Optional<StructField> exact(StructType declared, String name) {
    for (StructField field : declared.fields()) {
      if (field.name().equals(name)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  static Optional<StructField> ignoringCase(StructType declared, String name) {
    Optional<StructField> exact = exact(declared, name);
    if (exact.isPresent()) {
      return exact;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (StructField field : declared.fields()) {
      if (field.name().toLowerCase(Locale.ROOT).equals(lower)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }
}

package dev.tidemark.source;

import dev.tidemark.config.SourceConfig;
import dev.tidemark.transform.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decimals with more digits after the point than their column's scale. Spark's JSON and CSV readers
 * round such a value (1.005 into DECIMAL(12,2) is 1.01) without a word, so the files are read with
 * each DECIMAL(p,s) column widened to DECIMAL(38, s + 38 - p): the same digits before the point (a
 * value too large still does not parse), 38 - p more after it. A value that changes when cast to
 * the declared type had digits the column cannot keep, and its row goes to quarantine, unless the
 * pipeline says rounding is wanted ({@code pipeline.source.decimal-rounding = round}).
 */
final class DecimalScale {
  /** Prefix of the column that keeps a widened value beside its declared cast. */
  static final String WIDE = "_tm_wide_";

  private DecimalScale() {}

  /** The source to read files (or quarantined text) with: its decimals widened when checked. */
  static SourceConfig forReading(SourceConfig source) {
    if (source.roundDecimals() || source.format().selfDescribing()) {
      return source;
    }
    StructType wide = new StructType();
    for (StructField field : source.schema().fields()) {
      wide = wide.add(field.name(), widen(field.dataType()), field.nullable(), field.metadata());
    }
    return source.withSchema(wide);
  }

  private static DataType widen(DataType type) {
    if (type instanceof DecimalType d && d.precision() < DecimalType.MAX_PRECISION()) {
      int more = DecimalType.MAX_PRECISION() - d.precision();
      return DataTypes.createDecimalType(DecimalType.MAX_PRECISION(), d.scale() + more);
    }
    return type;
  }

  /** Whether {@code parsed} (a column read with {@link #forReading}) is wider than declared. */
  static boolean widened(StructField declared, DataType parsed) {
    return declared.dataType() instanceof DecimalType && !declared.dataType().equals(parsed);
  }

  /**
   * The reject reason of a row whose widened value does not survive the cast to its declared type,
   * else NULL. {@code wide} is the widened column.
   */
  static Column reason(StructField declared, Column wide) {
    DecimalType type = (DecimalType) declared.dataType();
    Column kept = wide.cast(type);
    return functions.when(
        wide.isNotNull().and(kept.isNotNull()).and(wide.notEqual(kept)),
        functions.concat(
            functions.lit("field " + declared.name() + ": '"),
            asWritten(wide),
            functions.lit(
                "' has more digits after the point than the "
                    + type.scale()
                    + " of "
                    + type.sql()
                    + "; it would be stored rounded as "),
            kept.cast("string"),
            functions.lit(
                ". Fix the file and rerun its landing date, or set"
                    + " pipeline.source.decimal-rounding = round to store such values rounded and"
                    + " run `tidemark quarantine replay`")));
  }

  /**
   * A widened decimal as plain text without the zeros the widening added: 1.005, never 1.005E0 or
   * 1.0050000000000000000000000000.
   */
  static Column asWritten(Column wide) {
    // Spark writes a decimal cast to text in plain notation; only the padding is to go.
    Column text = functions.regexp_replace(wide.cast("string"), "(\\.\\d*?)0+$", "$1");
    return functions.regexp_replace(text, "\\.$", "");
  }

  /** The widened column of {@code name}. */
  static Column wide(String name) {
    return Columns.col(WIDE + name);
  }
}

package dev.tidemark.source;

import dev.tidemark.config.DataFormat;
import dev.tidemark.config.LandingLayout;
import dev.tidemark.config.SourceConfig;
import dev.tidemark.transform.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Why a row goes to quarantine, in words a person can act on: which folder, field, value or key is
 * wrong, and what to change. NULL for a good row.
 *
 * <p>Spark only says a line is "corrupt". For such lines the reason is found again from the raw
 * text, with Spark's own parsers: the line is parsed once with every column as text (is it JSON at
 * all, how many CSV fields does it have) and once per typed column with only that column typed, so
 * the first column whose text does not parse as its type is named with its value. These expressions
 * sit in the branch of a CASE WHEN that only corrupt lines reach, so good rows do not pay for them.
 */
final class RejectReasons {
  /** Longest value quoted in a reason; the raw column holds all of it. */
  private static final int QUOTED = 80;

  /** Control characters and U+FFFD (what undecodable bytes become): the text is not text. */
  static final String NOT_TEXT = "[\\x{0}-\\x{8}\\x{B}\\x{C}\\x{E}-\\x{1F}\\x{FFFD}]";

  /**
   * Whether a text holds a character {@link #NOT_TEXT} matches, without a regular expression: every
   * row's text columns go through this test, and a loop over the characters costs about a third of
   * what a pattern match does (measured on the benchmark's rows). NULL holds none.
   */
  private static final UserDefinedFunction HOLDS_NOT_TEXT =
      functions
          .udf((UDF1<String, Boolean>) RejectReasons::holdsNotText, DataTypes.BooleanType)
          .asNonNullable()
          .withName("tidemark_holds_not_text");

  /** Appended to reasons that a change of configuration can cure. */
  private static final String CURE =
      "; fix the file and rerun its landing date, or fix the configuration and run"
          + " `tidemark quarantine replay`";

  private RejectReasons() {}

  /**
   * @param corrupt the line as read when Spark could not parse it (or it repeats a field), else
   *     NULL
   * @param repeated the field a JSON line repeats, else NULL
   * @param landingDate NULL when the file's folder is not a valid landing date
   * @param sourceFile the file's path
   */
  static Column of(
      SourceConfig source,
      List<String> keys,
      Column corrupt,
      Column repeated,
      Column inSchemaOrder,
      Column landingDate,
      Column sourceFile) {
    Column reason = functions.when(landingDate.isNull(), folderReason(source, sourceFile));
    reason = reason.when(repeated.isNotNull(), repeatedReason(repeated));
    reason =
        reason.when(
            corrupt.isNotNull().and(functions.not(inSchemaOrder)),
            functions.lit(
                "malformed record: a value does not parse as its type in pipeline.source.schema,"
                    + " or the line has another number of fields than its file's header"
                    + CURE));
    reason = reason.when(corrupt.isNotNull(), corruptReason(source, corrupt));
    reason = orNotText(reason, source.schema());
    return orMissingKey(reason, source.schema(), keys);
  }

  private static Column repeatedReason(Column repeated) {
    return functions.concat(
        functions.lit("field "),
        repeated,
        functions.lit(
            " appears twice in the JSON object: which value would be kept is undefined."
                + " Fix the file and rerun its landing date"));
  }

  /** {@code reason}, else the first text column that holds bytes that are not text. */
  private static Column orNotText(Column reason, StructType schema) {
    // One pattern match over all text columns per row; naming the column costs more matches, but
    // only on the rare row that has such bytes.
    List<Column> texts = new ArrayList<>();
    Column whichText = null;
    for (StructField field : schema.fields()) {
      if (field.dataType() instanceof StringType) {
        Column value = Columns.col(field.name());
        texts.add(value);
        Column notText = functions.regexp_like(value, functions.lit(NOT_TEXT));
        Column message =
            functions.lit(
                "field "
                    + field.name()
                    + " holds bytes that are not text (invalid UTF-8 or control"
                    + " characters): is the file binary, compressed without a .gz name, or in"
                    + " another encoding? Set pipeline.source.options.encoding if so");
        whichText =
            whichText == null ? functions.when(notText, message) : whichText.when(notText, message);
      }
    }
    if (whichText == null) {
      return reason;
    }
    return reason.when(
        HOLDS_NOT_TEXT.apply(functions.concat_ws("", texts.toArray(Column[]::new))), whichText);
  }

  /** {@code reason}, else the first key that is NULL or blank. */
  private static Column orMissingKey(Column reason, StructType schema, List<String> keys) {
    for (String key : keys) {
      StructField field = schema.apply(key);
      Column value = Columns.col(key);
      Column missing = value.isNull();
      if (field.dataType() instanceof StringType) {
        missing = missing.or(Extract.isBlank(value));
      }
      reason =
          reason.when(
              missing,
              functions.lit(
                  "missing key: "
                      + key
                      + " is NULL or blank; a row without its natural key cannot be merged."
                      + " Fix the row upstream and rerun its landing date"));
    }
    return reason;
  }

  /** The test of {@link #NOT_TEXT}, character by character. */
  static boolean holdsNotText(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c == '\uFFFD') {
        return true;
      }
    }
    return false;
  }

  private static Column folderReason(SourceConfig source, Column sourceFile) {
    LandingLayout layout = source.layout();
    Column folder =
        functions.regexp_extract(sourceFile, layout.landingPathRegex(source.rootName()), 1);
    String shown = layout.shown();
    return functions.concat(
        functions.lit("folder '"),
        folder,
        functions.lit(
            "' is not a landing "
                + (layout.hourly() ? "hour" : "date")
                + " ("
                + shown
                + "): move its files into the right "
                + shown
                + " folder and run that landing date"));
  }

  private static Column corruptReason(SourceConfig source, Column corrupt) {
    String format = source.format().sparkName().toUpperCase(Locale.ROOT);
    Column reason =
        functions.when(
            functions.regexp_like(corrupt, functions.lit(NOT_TEXT)),
            functions.lit(
                "line is not "
                    + format
                    + " text (invalid UTF-8 or control characters): is the file binary,"
                    + " compressed without a .gz name, or in another encoding? Set"
                    + " pipeline.source.options.encoding if so"));
    if (source.format() == DataFormat.JSON) {
      reason =
          reason.when(
              functions.json_object_keys(corrupt).isNull(),
              functions.lit(
                  "line is not a JSON object (truncated, or not JSON); fix the file and rerun"
                      + " its landing date"));
    }
    if (source.format() == DataFormat.CSV) {
      reason = orTooManyFields(reason, source, corrupt);
    }
    reason = orUnparsedValue(reason, source, corrupt);
    if (source.format() == DataFormat.CSV) {
      return reason.otherwise(tooFewFields(source, corrupt));
    }
    return reason.otherwise(
        functions.lit(
            "malformed record: not valid "
                + format
                + ", or a value does not parse as its type in pipeline.source.schema"
                + CURE));
  }

  /** {@code reason}, else a CSV line with more fields than the schema has columns. */
  private static Column orTooManyFields(Column reason, SourceConfig source, Column corrupt) {
    StructType schema = source.schema();
    Map<String, String> options = source.options();
    Column texts = parse(source, corrupt, allText(schema).add(Extract.EXTRA, "string"), options);
    return reason.when(
        texts.getField(Extract.EXTRA).isNotNull(),
        functions.lit(
            "line has more fields than the "
                + schema.size()
                + " columns of pipeline.source.schema (separator '"
                + separator(options)
                + "'); check pipeline.source.options.sep and the schema"));
  }

  /** {@code reason}, else the first typed column whose text does not parse, with its value. */
  private static Column orUnparsedValue(Column reason, SourceConfig source, Column corrupt) {
    StructType schema = source.schema();
    Map<String, String> options = source.options();
    Column texts = parse(source, corrupt, allText(schema), options);
    for (int i = 0; i < schema.size(); i++) {
      StructField field = schema.fields()[i];
      if (field.dataType() instanceof StringType) {
        continue;
      }
      Column text = texts.getField(field.name());
      Column typed = parse(source, corrupt, typedOnly(schema, i), options).getField(field.name());
      reason =
          reason.when(
              text.isNotNull().and(typed.isNull()),
              functions.concat(
                  functions.lit("field " + field.name() + ": '"),
                  functions.substring(asWritten(source, corrupt, field, text), 1, QUOTED),
                  functions.lit("' is not " + describe(field.dataType()) + CURE)));
    }
    return reason;
  }

  /**
   * A CSV line with fewer fields than the schema has columns, and whether it holds another usual
   * separator: the configured one may be wrong.
   */
  private static Column tooFewFields(SourceConfig source, Column corrupt) {
    String sep = separator(source.options());
    StringBuilder others = new StringBuilder("[");
    ";\t|,".replace(sep, "").chars().forEach(c -> others.append(String.format("\\x{%X}", c)));
    others.append(']');
    return functions.concat(
        functions.lit(
            "line has fewer fields than the "
                + source.schema().size()
                + " columns of pipeline.source.schema when split at '"
                + sep
                + "'"),
        functions
            .when(
                functions.regexp_like(corrupt, functions.lit(others.toString())),
                functions.lit(": it holds other separators; is pipeline.source.options.sep right?"))
            .otherwise(functions.lit("")));
  }

  /**
   * A field's value as the line has it. Spark reads a JSON number as text through a double
   * (123456789012.5 becomes 1.234567890125E11); read as a variant, a number keeps its digits.
   */
  private static Column asWritten(
      SourceConfig source, Column corrupt, StructField field, Column text) {
    if (source.format() != DataFormat.JSON) {
      return text;
    }
    Column variant =
        functions
            .from_json(
                corrupt,
                new StructType().add(field.name(), DataTypes.VariantType),
                source.options())
            .getField(field.name());
    return functions.coalesce(functions.try_variant_get(variant, "$", "string"), text);
  }

  private static String separator(Map<String, String> options) {
    String sep = options.getOrDefault("sep", options.getOrDefault("delimiter", ","));
    return sep.equals("\\t") ? "\t" : sep;
  }

  private static Column parse(
      SourceConfig source, Column text, StructType schema, Map<String, String> options) {
    return source.format() == DataFormat.CSV
        ? functions.from_csv(text, functions.lit(schema.toDDL()), options)
        : functions.from_json(text, schema, options);
  }

  private static StructType allText(StructType schema) {
    StructType texts = new StructType();
    for (StructField field : schema.fields()) {
      texts = texts.add(field.name(), "string");
    }
    return texts;
  }

  /** Every column as text but column {@code typed}: a NULL there means its value is the fault. */
  private static StructType typedOnly(StructType schema, int typed) {
    StructType result = new StructType();
    for (int i = 0; i < schema.size(); i++) {
      StructField field = schema.fields()[i];
      result =
          i == typed
              ? result.add(field.name(), field.dataType())
              : result.add(field.name(), "string");
    }
    return result;
  }

  /** The type, with what a value of it looks like. */
  static String describe(DataType type) {
    String sql = type.sql();
    if (type instanceof DecimalType d) {
      return "a "
          + sql
          + " (a number with at most "
          + (d.precision() - d.scale())
          + " digits before the point and "
          + d.scale()
          + " after)";
    }
    if (type instanceof IntegerType || type instanceof LongType || type instanceof ShortType) {
      return article(sql) + sql + " (a whole number in its range)";
    }
    if (type instanceof DoubleType || type instanceof FloatType) {
      return "a " + sql + " (a number)";
    }
    if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return "a "
          + sql
          + " (ISO 8601 such as 2026-01-31T10:00:00Z; a value without a zone is read in"
          + " spark.sql.session.timeZone; another layout needs"
          + " pipeline.source.options.timestampFormat)";
    }
    if (type instanceof DateType) {
      return "a DATE (YYYY-MM-DD such as 2026-01-31; another layout needs"
          + " pipeline.source.options.dateFormat)";
    }
    if (type instanceof BooleanType) {
      return "a BOOLEAN (true or false)";
    }
    return article(sql) + sql;
  }

  private static String article(String word) {
    return "AEIOU".indexOf(word.charAt(0)) >= 0 ? "an " : "a ";
  }
}

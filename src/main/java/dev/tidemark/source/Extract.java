package dev.tidemark.source;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.tidemark.config.DataFormat;
import dev.tidemark.config.KeyNormalisation;
import dev.tidemark.config.SourceConfig;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.RowHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The second half of extract, shared by reading files ({@link RawReader}) and replaying quarantined
 * text ({@link #parseText}): from parsed rows to the extract contract. Keys are normalised, the row
 * hash taken, and each row gets its reject reason and, when rejected, its raw text.
 */
public final class Extract {
  /** Spark's column for lines that do not parse; never part of the user's schema (reserved). */
  static final String CORRUPT = "_tm_corrupt";

  /** A column past the schema's last, to see CSV lines with more fields than the schema. */
  static final String EXTRA = "_tm_extra";

  /**
   * Whether a line's fields are in the schema's order: false for a CSV file whose header orders
   * them otherwise (read by name), where a line cannot be parsed again by position.
   */
  static final String IN_SCHEMA_ORDER = "_tm_in_schema_order";

  /** The first field a JSON record repeats (see {@link JsonDuplicateKeys}), else NULL. */
  static final String REPEATED = "_tm_repeated_field";

  /** What {@code \\s} matches in a Java regular expression: the blanks trimmed from keys. */
  static final String WHITESPACE = " \t\n\u000B\f\r";

  private Extract() {}

  /**
   * @param parsed the schema's columns, {@link #CORRUPT} (the line when it did not parse or repeats
   *     a field), {@link #REPEATED} (the field a JSON line repeats), {@link Columns#SOURCE_FILE}
   *     and {@link Columns#LANDING_DATE} (NULL when the folder is not a date)
   * @return the extract contract: see {@link RawReader}
   */
  static Dataset<Row> finish(Dataset<Row> parsed, SourceConfig source, List<String> keys) {
    return finish(parsed, source, keys, List.of());
  }

  /** As above, with {@code passthrough} columns of {@code parsed} kept at the end. */
  private static Dataset<Row> finish(
      Dataset<Row> parsed, SourceConfig source, List<String> keys, List<String> passthrough) {
    StructType schema = source.schema();
    List<String> columns = List.of(schema.fieldNames());
    StructType read = parsed.schema();
    // Decimals read wider than declared (see DecimalScale): the declared cast, and the wide value.
    List<String> widened = new ArrayList<>();
    List<Column> normalised = new ArrayList<>();
    for (StructField field : schema.fields()) {
      Column value;
      if (DecimalScale.widened(field, read.apply(field.name()).dataType())) {
        widened.add(field.name());
        value = Columns.col(field.name()).cast(field.dataType());
      } else {
        value =
            keys.contains(field.name()) ? normalisedKey(source, field) : Columns.col(field.name());
      }
      normalised.add(value.as(field.name()));
    }
    widened.forEach(c -> normalised.add(Columns.col(c).as(DecimalScale.WIDE + c)));
    normalised.add(functions.col(CORRUPT));
    normalised.add(functions.col(REPEATED));
    normalised.add(functions.col(IN_SCHEMA_ORDER));
    normalised.add(functions.col(Columns.SOURCE_FILE));
    normalised.add(functions.col(Columns.LANDING_DATE));
    passthrough.forEach(c -> normalised.add(Columns.col(c)));
    Dataset<Row> rows = parsed.select(normalised.toArray(Column[]::new));

    Column corrupt = functions.col(CORRUPT);
    Column reason =
        RejectReasons.of(
            source,
            keys,
            corrupt,
            functions.col(REPEATED),
            functions.col(IN_SCHEMA_ORDER),
            functions.col(Columns.LANDING_DATE),
            functions.col(Columns.SOURCE_FILE));
    if (!widened.isEmpty()) {
      List<Column> rounded = new ArrayList<>(List.of(reason));
      widened.forEach(c -> rounded.add(DecimalScale.reason(schema.apply(c), DecimalScale.wide(c))));
      reason = functions.coalesce(rounded.toArray(Column[]::new));
    }
    List<Column> out = new ArrayList<>();
    columns.forEach(c -> out.add(Columns.col(c)));
    out.add(RowHash.of(rows, columns, RowHash.Version.CURRENT).as(Columns.ROW_HASH));
    out.add(functions.col(Columns.LANDING_DATE));
    out.add(functions.col(Columns.SOURCE_FILE));
    out.add(reason.as(Columns.REJECT_REASON));
    out.add(
        functions
            .when(
                reason.isNotNull(), functions.coalesce(corrupt, encoded(source, columns, widened)))
            .as(Columns.RAW));
    passthrough.forEach(c -> out.add(Columns.col(c)));
    return rows.select(out.toArray(Column[]::new));
  }

  /** The quarantined text a replayed row was parsed from, beside the extract contract. */
  public static final String QUARANTINED_RAW = "_tm_quarantined_raw";

  /**
   * Quarantined text parsed again with the source's current configuration: the line as it was, or
   * the row as {@link #encoded} wrote it. {@code rows} holds {@code raw}, {@code source_file} and
   * {@code landing_date}. The result is the extract contract plus {@link #QUARANTINED_RAW}.
   */
  public static Dataset<Row> parseText(Dataset<Row> rows, SourceConfig source, List<String> keys) {
    StructType schema = DecimalScale.forReading(source).schema().add(CORRUPT, "string");
    Map<String, String> options = new java.util.HashMap<>(source.options());
    options.put("mode", "PERMISSIVE");
    options.put("columnNameOfCorruptRecord", CORRUPT);
    Column text = functions.col("raw");
    // Parquet rows were quarantined as JSON: a Parquet file has no lines.
    Column parsed =
        source.format() == DataFormat.CSV
            ? functions.from_csv(text, functions.lit(schema.toDDL()), options)
            : functions.from_json(text, schema, options);
    List<Column> out = new ArrayList<>();
    for (StructField field : schema.fields()) {
      out.add(parsed.getField(field.name()).as(field.name()));
    }
    out.add(
        (source.format() == DataFormat.JSON
                ? JsonDuplicateKeys.of(source, text)
                : functions.lit(null).cast("string"))
            .as(REPEATED));
    out.add(functions.col(IN_SCHEMA_ORDER));
    out.add(functions.col("source_file").as(Columns.SOURCE_FILE));
    out.add(functions.col("landing_date").as(Columns.LANDING_DATE));
    out.add(text.as(QUARANTINED_RAW));
    return finish(rows.select(out.toArray(Column[]::new)), source, keys, List.of(QUARANTINED_RAW));
  }

  /**
   * A text key that is empty or only whitespace: as good as a missing key. Every check of blank
   * keys uses this one test, so they agree on which keys are blank.
   */
  public static Column isBlank(Column value) {
    return functions.btrim(value, functions.lit(WHITESPACE)).equalTo("");
  }

  /** A key column as every stage sees it: text keys normalised as the source says. */
  static Column normalisedKey(SourceConfig source, StructField key) {
    Column value = Columns.col(key.name());
    return key.dataType() instanceof StringType
        ? normalise(value, source.keyNormalisation())
        : value;
  }

  private static Column normalise(Column key, KeyNormalisation how) {
    // Spark's one-argument trim removes spaces only; a key that ends in a tab or a newline is as
    // wrong. Trimming a set of characters costs far less than a regular expression on every row.
    Column value = how.trim() ? functions.btrim(key, functions.lit(WHITESPACE)) : key;
    return switch (how.letterCase()) {
      case UPPER -> functions.upper(value);
      case LOWER -> functions.lower(value);
      case NONE -> value;
    };
  }

  /**
   * A parsed row as text in the source's own format, so a replay parses it as it would the line:
   * CSV with the source's options, JSON otherwise. {@code widened} decimals are written as their
   * wide value, as written in the file (1.005), not rounded to the declared scale.
   */
  private static Column encoded(SourceConfig source, List<String> columns, List<String> widened) {
    if (source.format() == DataFormat.CSV) {
      Column[] fields =
          columns.stream()
              .map(
                  c ->
                      widened.contains(c)
                          ? DecimalScale.asWritten(DecimalScale.wide(c)).as(c)
                          : Columns.col(c))
              .toArray(Column[]::new);
      return functions.to_csv(functions.struct(fields), source.options());
    }
    if (widened.isEmpty()) {
      return functions.to_json(functions.struct(Columns.cols(columns)));
    }
    // to_json writes a decimal padded to its scale, or in E-notation when small: each member as
    // to_json writes it, but a widened decimal as the number it was.
    List<Column> members = new ArrayList<>();
    for (String c : columns) {
      String key = new String(JsonStringEncoder.getInstance().quoteAsString(c));
      members.add(
          widened.contains(c)
              ? functions.concat(
                  functions.lit("\"" + key + "\":"), DecimalScale.asWritten(DecimalScale.wide(c)))
              : functions.nullif(
                  functions.regexp_replace(
                      functions.to_json(functions.struct(Columns.col(c))), "^\\{|\\}$", ""),
                  functions.lit("")));
    }
    return functions.concat(
        functions.lit("{"),
        functions.concat_ws(",", members.toArray(Column[]::new)),
        functions.lit("}"));
  }
}

package dev.tidemark.source;

import dev.tidemark.config.DataFormat;
import dev.tidemark.config.LandingLayout;
import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.transform.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The extract stage: reads the planned files with the configured schema. Every row comes out, good
 * or bad: a row that cannot be used carries a reject reason and its raw text and is headed for
 * quarantine, so nothing is dropped silently.
 *
 * <p>Output columns: the schema's columns, then {@link Columns#ROW_HASH}, {@link
 * Columns#LANDING_DATE}, {@link Columns#SOURCE_FILE}, {@link Columns#REJECT_REASON} (NULL for good
 * rows) and {@link Columns#RAW} (NULL for good rows).
 */
public final class RawReader {
  private RawReader() {}

  public static Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<String> keys, List<SourceFile> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("Cannot read an empty list of files");
    }
    // Decimals are read wider than declared, so Extract sees a value the declared scale would
    // round.
    SourceConfig reading = DecimalScale.forReading(source);
    StructType schema = reading.schema();
    boolean textFormat = !source.format().selfDescribing();
    DataFrameReader reader = spark.read().format(source.format().sparkName());
    if (textFormat) {
      reader =
          reader
              .schema(schema.add(Extract.CORRUPT, DataTypes.StringType))
              .option("mode", "PERMISSIVE")
              .option("columnNameOfCorruptRecord", Extract.CORRUPT);
    } else {
      reader = reader.schema(schema);
    }
    reader = reader.options(source.options());
    // JSON files with an object that repeats a field are read line by line: see withRepeatedFields.
    Map<String, String> repeated =
        source.format() == DataFormat.JSON
            ? JsonDuplicateKeys.files(spark, source, files)
            : Map.of();
    List<SourceFile> plain = files.stream().filter(f -> !repeated.containsKey(f.path())).toList();
    Dataset<Row> rows = null;
    if (!plain.isEmpty()) {
      Dataset<Row> raw =
          CsvHeaderLine.hasNames(source)
              ? CsvReadByName.load(spark, reading, plain, Extract.CORRUPT)
              : reader.load(plain.stream().map(SourceFile::path).toArray(String[]::new));
      List<Column> parsed = new ArrayList<>();
      List.of(schema.fieldNames()).forEach(c -> parsed.add(Columns.col(c)));
      parsed.add(
          (textFormat ? functions.col(Extract.CORRUPT) : functions.lit(null).cast("string"))
              .as(Extract.CORRUPT));
      parsed.add(functions.lit(null).cast("string").as(Extract.REPEATED));
      parsed.add(
          (CsvHeaderLine.hasNames(source)
                  ? functions.col(Extract.IN_SCHEMA_ORDER)
                  : functions.lit(true))
              .as(Extract.IN_SCHEMA_ORDER));
      parsed.add(functions.col("_metadata.file_path").as(Columns.SOURCE_FILE));
      parsed.add(landingDate(source).as(Columns.LANDING_DATE));
      rows = raw.select(parsed.toArray(Column[]::new));
    }
    if (!repeated.isEmpty()) {
      Dataset<Row> lines = withRepeatedFields(spark, source, schema, repeated);
      rows = rows == null ? lines : rows.unionByName(lines);
    }
    return Extract.finish(rows, source, keys);
  }

  /**
   * The JSON files in which some object repeats a field, read as lines and parsed as the JSON
   * reader parses them, so each line's text is at hand: a line that repeats a field keeps its text
   * as the corrupt record (its raw text in quarantine) and names the field. Spark's reader would
   * keep one of the values without a word. Under multiLine a record is a whole file, which cannot
   * be quarantined line by line: the run stops naming the file and the field.
   */
  private static Dataset<Row> withRepeatedFields(
      SparkSession spark, SourceConfig source, StructType schema, Map<String, String> repeated) {
    if (JsonDuplicateKeys.multiLine(source)) {
      Map.Entry<String, String> first = repeated.entrySet().iterator().next();
      throw new IllegalStateException(
          "Cannot read "
              + first.getKey()
              + ": an object in it holds the field "
              + first.getValue()
              + " twice, and which value would be kept is undefined. Fix the file and run its"
              + " landing date again");
    }
    Map<String, String> options = new java.util.HashMap<>(source.options());
    options.put("mode", "PERMISSIVE");
    options.put("columnNameOfCorruptRecord", Extract.CORRUPT);
    Dataset<Row> text =
        spark
            .read()
            .format("text")
            .options(JsonDuplicateKeys.lineSep(source))
            .load(repeated.keySet().toArray(String[]::new));
    Column line = functions.col("value");
    // The JSON reader skips blank lines; so do these.
    text = text.where(functions.btrim(line, functions.lit(Extract.WHITESPACE)).notEqual(""));
    Column parsed = functions.from_json(line, schema.add(Extract.CORRUPT, "string"), options);
    Column field = JsonDuplicateKeys.of(source, line);
    List<Column> out = new ArrayList<>();
    List.of(schema.fieldNames()).forEach(c -> out.add(parsed.getField(c).as(c)));
    out.add(
        functions
            .when(field.isNotNull(), line)
            .otherwise(parsed.getField(Extract.CORRUPT))
            .as(Extract.CORRUPT));
    out.add(field.as(Extract.REPEATED));
    out.add(functions.lit(true).as(Extract.IN_SCHEMA_ORDER));
    out.add(functions.col("_metadata.file_path").as(Columns.SOURCE_FILE));
    out.add(landingDate(source).as(Columns.LANDING_DATE));
    return text.select(out.toArray(Column[]::new));
  }

  /**
   * Only the key columns of {@code files}, normalised as {@link #read} normalises them: the scope
   * of a range check. Without the file path, the row hash and the reject reasons, the parse costs
   * about a fifth less (Spark keeps a referenced file-path column in the scan even when a later
   * projection drops it). Rows whose keys did not parse have NULL keys.
   */
  public static Dataset<Row> keys(
      SparkSession spark, SourceConfig source, List<String> keys, List<SourceFile> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("Cannot read an empty list of files");
    }
    if (CsvHeaderLine.hasNames(source)) {
      // Columns found by each file's header names: only the full reader knows how.
      return read(spark, source, keys, files).select(Columns.cols(keys));
    }
    Dataset<Row> rows =
        spark
            .read()
            .format(source.format().sparkName())
            .schema(source.schema())
            .options(source.options())
            .load(files.stream().map(SourceFile::path).toArray(String[]::new));
    StructType schema = source.schema();
    return rows.select(
        keys.stream()
            .map(k -> Extract.normalisedKey(source, schema.apply(k)).as(k))
            .toArray(Column[]::new));
  }

  /**
   * The landing date from the file's folder name; NULL when the folder is not a valid date (the
   * plan reads such folders beside the date they name, and their rows go to quarantine).
   */
  /**
   * The landing date of the row's file, from its folders' names; NULL when they do not name a date
   * as the layout writes it (a misnamed folder, or a file outside an hour's folder), which sends
   * the row to quarantine.
   */
  private static Column landingDate(SourceConfig source) {
    LandingLayout layout = source.layout();
    Column path = functions.col("_metadata.file_path");
    String regex = layout.dateRegex(source.rootName());
    Column text =
        layout.dateGroups() == 1
            ? functions.regexp_extract(path, regex, 1)
            : functions.regexp_replace(
                path, functions.lit("^.*?" + regex + ".*$"), functions.lit("$1-$2-$3"));
    return functions.try_to_date(text);
  }
}

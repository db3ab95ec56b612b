package dev.tidemark.source;

import dev.tidemark.config.DataFormat;
import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.RowHash;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
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
  /** Spark's column for lines that do not parse; never part of the user's schema (reserved). */
  private static final String CORRUPT = "_tm_corrupt";

  private RawReader() {}

  public static Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<String> keys, List<SourceFile> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("Cannot read an empty list of files");
    }
    StructType schema = source.schema();
    boolean textFormat = source.format() != DataFormat.PARQUET;
    DataFrameReader reader = spark.read().format(source.format().sparkName());
    if (textFormat) {
      reader =
          reader
              .schema(schema.add(CORRUPT, DataTypes.StringType))
              .option("mode", "PERMISSIVE")
              .option("columnNameOfCorruptRecord", CORRUPT);
    } else {
      reader = reader.schema(schema);
    }
    reader = reader.options(source.options());
    Dataset<Row> raw =
        CsvHeader.hasNames(source)
            ? CsvByName.load(spark, source, files, CORRUPT)
            : reader.load(files.stream().map(SourceFile::path).toArray(String[]::new));

    List<String> columns = List.of(schema.fieldNames());
    Column corrupt = textFormat ? functions.col(CORRUPT) : functions.lit(null).cast("string");
    Column reason = rejectReason(corrupt, schema, keys, source.format());
    Column asJson = functions.to_json(functions.struct(Columns.cols(columns)));

    List<Column> out = new ArrayList<>();
    columns.forEach(c -> out.add(Columns.col(c)));
    out.add(RowHash.of(columns).as(Columns.ROW_HASH));
    out.add(landingDate(source.landingPrefix()).as(Columns.LANDING_DATE));
    out.add(functions.col("_metadata.file_path").as(Columns.SOURCE_FILE));
    out.add(reason.as(Columns.REJECT_REASON));
    out.add(
        functions.when(reason.isNotNull(), functions.coalesce(corrupt, asJson)).as(Columns.RAW));
    return raw.select(out.toArray(Column[]::new));
  }

  /** The landing date from the file's folder name: files come from the plan, so it matches. */
  private static Column landingDate(String prefix) {
    String pattern = "/" + Pattern.quote(prefix) + "(\\d{4}-\\d{2}-\\d{2})/";
    return functions.to_date(
        functions.regexp_extract(functions.col("_metadata.file_path"), pattern, 1));
  }

  private static Column rejectReason(
      Column corrupt, StructType schema, List<String> keys, DataFormat format) {
    Column reason =
        functions.when(
            corrupt.isNotNull(),
            functions.lit(
                "malformed record: not valid "
                    + format.sparkName().toUpperCase(java.util.Locale.ROOT)
                    + ", or a value does not parse as its type in pipeline.source.schema;"
                    + " fix the file and rerun its landing date"));
    for (String key : keys) {
      StructField field = schema.apply(key);
      Column value = Columns.col(key);
      Column missing = value.isNull();
      if (field.dataType() instanceof StringType) {
        missing = missing.or(functions.trim(value).equalTo(""));
      }
      reason =
          reason.when(
              missing,
              functions.lit(
                  "missing key: "
                      + key
                      + " is NULL or blank; a row without its natural key cannot be merged"));
    }
    return reason;
  }
}

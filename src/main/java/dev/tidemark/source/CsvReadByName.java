package dev.tidemark.source;

import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.spark.internal.SessionHadoopConf;
import dev.tidemark.transform.Columns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads CSV files with headers by column name. Files are grouped by header; each group is read with
 * a schema in that header's order (declared types for declared columns, text for the others), so
 * Spark's positional mapping lines up, and the declared columns are then picked by name. A declared
 * column a file lacks comes out NULL, as a missing JSON key or Parquet column does.
 *
 * <p>The result has the schema's columns, the corrupt-record column, and a {@code _metadata} struct
 * holding {@code file_path}, so it reads like a single Spark scan.
 */
final class CsvReadByName {
  private CsvReadByName() {}

  static Dataset<Row> load(
      SparkSession spark, SourceConfig source, List<SourceFile> files, String corrupt) {
    Configuration conf = SessionHadoopConf.of(spark);
    Map<List<String>, List<String>> byHeader = new LinkedHashMap<>();
    for (SourceFile file : files) {
      byHeader
          .computeIfAbsent(
              CsvHeaderLine.names(conf, source.options(), file.path()), h -> new ArrayList<>())
          .add(file.path());
    }
    Dataset<Row> all = null;
    for (Map.Entry<List<String>, List<String>> group : byHeader.entrySet()) {
      if (group.getKey().stream().allMatch(n -> n == null || n.isBlank())) {
        // A zero-byte or empty file has no header and no rows; a scan of it with no declared
        // column would only ask for the corrupt-record column, which Spark refuses.
        continue;
      }
      Dataset<Row> part = group(spark, source, group.getKey(), group.getValue(), corrupt);
      all = all == null ? part : all.unionByName(part);
    }
    return all != null ? all : noRows(spark, source, corrupt);
  }

  /** The result's shape, without rows: every file was empty. */
  private static Dataset<Row> noRows(SparkSession spark, SourceConfig source, String corrupt) {
    StructType shape =
        source
            .schema()
            .add(corrupt, DataTypes.StringType)
            .add(Extract.IN_SCHEMA_ORDER, DataTypes.BooleanType)
            .add("_metadata", new StructType().add("file_path", DataTypes.StringType));
    return spark.createDataFrame(List.of(), shape);
  }

  /** Whether the header names exactly the schema's columns, in its order (case aside). */
  static boolean inSchemaOrder(List<String> header, StructType declared) {
    String[] names = declared.fieldNames();
    if (header.size() != names.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      if (header.get(i) == null || !header.get(i).equalsIgnoreCase(names[i])) {
        return false;
      }
    }
    return true;
  }

  private static Dataset<Row> group(
      SparkSession spark,
      SourceConfig source,
      List<String> header,
      List<String> paths,
      String corrupt) {
    StructType declared = source.schema();
    StructType inFileOrder = new StructType();
    for (int i = 0; i < header.size(); i++) {
      Optional<StructField> column = DeclaredColumns.ignoringCase(declared, header.get(i));
      if (column.isPresent() && inFileOrder.getFieldIndex(column.get().name()).isEmpty()) {
        inFileOrder = inFileOrder.add(column.get());
      } else {
        // Undeclared (the drift policy let it through) or repeated: read as text, then left out.
        inFileOrder = inFileOrder.add("_tm_unread_" + i, DataTypes.StringType);
      }
    }
    Dataset<Row> rows =
        spark
            .read()
            .format("csv")
            .schema(inFileOrder.add(corrupt, DataTypes.StringType))
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", corrupt)
            .options(source.options())
            // The schema now follows the header, so Spark's positional mapping is by name.
            .option("header", "true")
            .option("enforceSchema", "true")
            .load(paths.toArray(String[]::new));
    List<Column> out = new ArrayList<>();
    for (StructField field : declared.fields()) {
      out.add(
          inFileOrder.getFieldIndex(field.name()).isDefined()
              ? Columns.col(field.name())
              : functions.lit(null).cast(field.dataType()).as(field.name()));
    }
    out.add(functions.col(corrupt));
    // A line's text is in the file's order: only when it is the schema's can a reject reason
    // (or a replay) parse the line by position.
    out.add(functions.lit(inSchemaOrder(header, declared)).as(Extract.IN_SCHEMA_ORDER));
    out.add(functions.struct(functions.col("_metadata.file_path").as("file_path")).as("_metadata"));
    return rows.select(out.toArray(Column[]::new));
  }
}

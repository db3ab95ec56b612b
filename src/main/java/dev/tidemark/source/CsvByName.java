package dev.tidemark.source;

import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
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
final class CsvByName {
  private CsvByName() {}

  static Dataset<Row> load(
      SparkSession spark, SourceConfig source, List<SourceFile> files, String corrupt) {
    Configuration conf = spark.sessionState().newHadoopConf();
    Map<List<String>, List<String>> byHeader = new LinkedHashMap<>();
    for (SourceFile file : files) {
      byHeader
          .computeIfAbsent(
              CsvHeader.names(conf, source.options(), file.path()), h -> new ArrayList<>())
          .add(file.path());
    }
    Dataset<Row> all = null;
    for (Map.Entry<List<String>, List<String>> group : byHeader.entrySet()) {
      Dataset<Row> part = group(spark, source, group.getKey(), group.getValue(), corrupt);
      all = all == null ? part : all.unionByName(part);
    }
    return all;
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
    out.add(functions.struct(functions.col("_metadata.file_path").as("file_path")).as("_metadata"));
    return rows.select(out.toArray(Column[]::new));
  }
}

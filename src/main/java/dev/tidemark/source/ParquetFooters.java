package dev.tidemark.source;

import dev.tidemark.plan.SourceFile;
import dev.tidemark.spark.internal.ParquetSchemas;
import dev.tidemark.spark.internal.SessionHadoopConf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet drift from each file's footer: the schema the writer recorded, with exact types. Footers
 * are a few kilobytes at the end of each file and are read on the driver, which already listed the
 * files; a Spark job per batch would cost more than the reads for the file counts of a run.
 */
final class ParquetFooters {
  private ParquetFooters() {}

  static List<FileDrift> drift(SparkSession spark, StructType declared, List<SourceFile> files) {
    Configuration conf = SessionHadoopConf.of(spark);
    // The session's own converter, so a footer means here what it means to Spark's reader.
    java.util.function.Function<org.apache.parquet.schema.MessageType, StructType> converter =
        ParquetSchemas.converter(spark);
    List<FileDrift> drift = new ArrayList<>();
    for (SourceFile file : files) {
      drift.addAll(compare(declared, converter.apply(footer(conf, file.path())), file.path()));
    }
    return drift;
  }

  /**
   * What the schema one file recorded holds that the declared schema does not: columns not
   * declared, and columns of a type the reader cannot read as declared.
   */
  static List<FileDrift> compare(StructType declared, StructType found, String path) {
    List<FileDrift> drift = new ArrayList<>();
    for (StructField field : found.fields()) {
      Optional<StructField> column = DeclaredColumns.ignoringCase(declared, field.name());
      if (column.isEmpty()) {
        drift.add(new FileDrift.Undeclared(field.name(), field.dataType().catalogString(), path));
      } else if (!readsAs(field.dataType(), column.get().dataType())) {
        drift.add(
            new FileDrift.ChangedType(
                column.get().name(),
                column.get().dataType().catalogString(),
                field.dataType().catalogString(),
                path));
      }
    }
    return drift;
  }

  private static org.apache.parquet.schema.MessageType footer(Configuration conf, String path) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf))) {
      return reader.getFooter().getFileMetaData().getSchema();
    } catch (IOException | RuntimeException e) { // "is not a Parquet file" is a RuntimeException
      throw new IllegalStateException(
          "Cannot read the Parquet footer of "
              + path
              + ": "
              + e.getMessage()
              + ". Nothing of this run was published. "
              + RawFileErrors.RESEND,
          e);
    }
  }

  /**
   * The same type (nullability aside: catalog strings leave it out), or a widening Spark's Parquet
   * reader performs without loss: a smaller integer into a larger one, float into double.
   */
  static boolean readsAs(DataType inFile, DataType declared) {
    if (inFile.catalogString().equals(declared.catalogString())) {
      return true;
    }
    int from = integerWidth(inFile);
    int to = integerWidth(declared);
    if (from > 0 && to > 0) {
      return from <= to;
    }
    return inFile instanceof FloatType && declared instanceof DoubleType;
  }

  private static int integerWidth(DataType type) {
    if (type instanceof ByteType) {
      return 1;
    }
    if (type instanceof ShortType) {
      return 2;
    }
    if (type instanceof IntegerType) {
      return 4;
    }
    if (type instanceof LongType) {
      return 8;
    }
    return 0;
  }
}

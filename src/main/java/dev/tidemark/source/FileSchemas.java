package dev.tidemark.source;

import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * ORC and Avro drift from each file's own schema, as Parquet's is found from its footer ({@link
 * ParquetFooters}): Spark's reader takes a single file's schema from its footer (ORC) or header
 * (Avro) on the driver, with the types Spark reads it as, and runs no job.
 */
final class FileSchemas {
  private FileSchemas() {}

  static List<FileDrift> drift(SparkSession spark, SourceConfig source, List<SourceFile> files) {
    List<FileDrift> drift = new ArrayList<>();
    for (SourceFile file : files) {
      StructType found = schema(spark, source.format().sparkName(), file.path());
      drift.addAll(ParquetFooters.compare(source.schema(), found, file.path()));
    }
    return drift;
  }

  private static StructType schema(SparkSession spark, String format, String path) {
    try {
      return spark.read().format(format).load(path).schema();
    } catch (Exception e) { // Spark's AnalysisException among them: checked, thrown undeclared
      throw new IllegalStateException(
          "Cannot read the schema recorded in "
              + path
              + " ("
              + format
              + "): "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
              + ". Nothing of this run was published. "
              + RawFileErrors.RESEND,
          e);
    }
  }
}

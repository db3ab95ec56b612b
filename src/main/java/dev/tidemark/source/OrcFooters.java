package dev.tidemark.source;

import dev.tidemark.plan.SourceFile;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * ORC drift from each file's own schema, as Parquet's is found from its footer ({@link
 * ParquetFooters}): Spark's ORC reader takes a single file's schema from its footer on the driver,
 * with the types Spark reads it as, and runs no job.
 */
final class OrcFooters {
  private OrcFooters() {}

  static List<FileDrift> drift(SparkSession spark, StructType declared, List<SourceFile> files) {
    List<FileDrift> drift = new ArrayList<>();
    for (SourceFile file : files) {
      drift.addAll(ParquetFooters.compare(declared, schema(spark, file.path()), file.path()));
    }
    return drift;
  }

  private static StructType schema(SparkSession spark, String path) {
    try {
      return spark.read().format("orc").load(path).schema();
    } catch (Exception e) { // Spark's AnalysisException among them: checked, thrown undeclared
      throw new IllegalStateException(
          "Cannot read the ORC footer of "
              + path
              + ": "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
              + ". Nothing of this run was published. Deliver the file again (or move it out of"
              + " its landing folder) and rerun its landing date",
          e);
    }
  }
}

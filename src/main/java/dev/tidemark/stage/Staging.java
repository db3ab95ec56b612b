package dev.tidemark.stage;

import dev.tidemark.transform.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A run's staging table: the deduplicated batch (one row per key) and, marked by a reject reason,
 * the rows headed for quarantine. Later stages read it back instead of recomputing it.
 */
public final class Staging {
  private Staging() {}

  /** The staged batch: one row per key, with its row hash and landing date. */
  public static Dataset<Row> validRows(SparkSession spark, String stagingPath) {
    return all(spark, stagingPath).where(functions.col(Columns.REJECT_REASON).isNull());
  }

  /** The rows extract could not use, with their reason, source file and raw text. */
  public static Dataset<Row> rejectedRows(SparkSession spark, String stagingPath) {
    return all(spark, stagingPath).where(functions.col(Columns.REJECT_REASON).isNotNull());
  }

  private static Dataset<Row> all(SparkSession spark, String stagingPath) {
    return spark.read().format("delta").load(stagingPath);
  }
}

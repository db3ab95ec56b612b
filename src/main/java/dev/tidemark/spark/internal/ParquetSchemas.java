package dev.tidemark.spark.internal;

import java.util.function.Function;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.types.StructType;

/** Parquet footers' schemas as Spark's reader sees them. */
public final class ParquetSchemas {
  private ParquetSchemas() {}

  /** The session's own converter, so a footer means here what it means to Spark's reader. */
  public static Function<MessageType, StructType> converter(SparkSession spark) {
    ParquetToSparkSchemaConverter converter =
        new ParquetToSparkSchemaConverter(spark.sessionState().conf());
    return converter::convert;
  }
}

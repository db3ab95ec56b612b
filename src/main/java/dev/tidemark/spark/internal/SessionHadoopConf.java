package dev.tidemark.spark.internal;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The Hadoop configuration a session's own file reads use: the context's, plus the session's {@code
 * spark.hadoop.*} and SQL settings. Files Tidemark opens itself (headers, footers) must be opened
 * with the same credentials and options as Spark's scan of them.
 */
public final class SessionHadoopConf {
  private SessionHadoopConf() {}

  public static Configuration of(SparkSession spark) {
    return spark.sessionState().newHadoopConf();
  }
}

package dev.tidemark.spark;

import dev.tidemark.config.Secrets;
import dev.tidemark.config.SparkSettings;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/** Builds or adopts the SparkSession Tidemark runs in. */
public final class SparkSessions {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);
  private static final String HADOOP_PREFIX = "spark.hadoop.";

  private SparkSessions() {}

  /**
   * The session for local runs and spark-submit: Delta enabled, UTC session time zone. Under
   * spark-submit the master it was given wins over the configured one.
   */
  public static SparkSession getOrCreate(SparkSettings settings) {
    SparkSession.Builder builder = SparkSession.builder().appName(settings.appName());
    if (!new SparkConf().contains("spark.master")) {
      builder = builder.master(settings.master());
    }
    builder =
        builder
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            // Dates and times in files, keys and reports are UTC, whatever the machine's zone.
            .config("spark.sql.session.timeZone", "UTC");
    for (Map.Entry<String, String> entry : settings.conf().entrySet()) {
      builder = builder.config(entry.getKey(), entry.getValue());
    }
    // The --verbose view of what the profile set; secrets (S3 keys, tokens) never shown.
    LOG.debug("Spark settings from tidemark.spark.conf: {}", Secrets.redacted(settings.conf()));
    SparkSession session = builder.getOrCreate();
    applyHadoopSettings(session, settings.conf());
    return session;
  }

  /**
   * Puts the {@code spark.hadoop.*} settings (S3A's endpoint, credentials provider...) into the
   * session's Hadoop configuration, which Tidemark's own listings and Delta's file access read.
   * Spark does this only when it creates the SparkContext: a session that already existed (a driver
   * that built one before, a test's shared session) would otherwise ignore them.
   */
  static void applyHadoopSettings(SparkSession session, Map<String, String> conf) {
    copyHadoopSettings(conf, session.sparkContext().hadoopConfiguration());
  }

  /**
   * Sets each {@code spark.hadoop.<key>} of {@code conf} as {@code <key>} in {@code hadoop}, as
   * Spark does when it builds its context: Delta Kernel's reads without Spark take them this way.
   */
  public static void copyHadoopSettings(Map<String, String> conf, Configuration hadoop) {
    for (Map.Entry<String, String> entry : conf.entrySet()) {
      if (entry.getKey().startsWith(HADOOP_PREFIX)) {
        hadoop.set(entry.getKey().substring(HADOOP_PREFIX.length()), entry.getValue());
      }
    }
  }

  /**
   * A session sharing the parent's SparkContext and runtime settings (credentials set at runtime
   * included) but with its own SQL configuration, so settings that must hold for one statement only
   * (Delta's idempotent-transaction ids) never leak to concurrent runs.
   */
  public static SparkSession childOf(SparkSession parent) {
    SparkSession child = parent.newSession();
    Map<String, String> all = CollectionConverters.asJava(parent.conf().getAll());
    for (Map.Entry<String, String> entry : all.entrySet()) {
      if (parent.conf().isModifiable(entry.getKey())) {
        child.conf().set(entry.getKey(), entry.getValue());
      }
    }
    return child;
  }
}

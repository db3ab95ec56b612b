package dev.tidemark.testing;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the test JVM (surefire runs every test class in one fork). Starting a
 * session takes seconds; sharing it keeps the suite short. Settings match a small local run.
 */
public final class TestSpark {
  /**
   * Spark settings for test-sized data, where planning a query costs more than running it:
   *
   * <ul>
   *   <li>queries run interpreted, without generated code: generating and compiling Java code for
   *       each query cost more than running it (a backfill-and-rerun test class took 52 s against
   *       63 s compiled);
   *   <li>adaptive query execution off: on a few rows it only adds jobs (it runs each shuffle stage
   *       as a job of its own to re-plan the rest) and has nothing to coalesce or split. Six
   *       pipeline test classes took 209 s and 360 s of CPU against 227 s and 391 s with it, and
   *       26% fewer Spark jobs.
   * </ul>
   *
   * <p>Results are the same by Spark's contract (its own suite runs every way). This session and
   * the child JVMs the surefire tests start ({@link ChildJvm}) use them; the integration tests that
   * run the CLI or spark-submit as a user does, and the benchmark, run with Spark's defaults.
   */
  public static final Map<String, Object> SMALL_DATA =
      Map.of(
          "spark.sql.codegen.wholeStage",
          "false",
          "spark.sql.codegen.factoryMode",
          "NO_CODEGEN",
          "spark.sql.adaptive.enabled",
          "false");

  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("tidemark-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.ui.showConsoleProgress", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.default.parallelism", "4")
              .config("spark.databricks.delta.snapshotPartitions", "1")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config("spark.sql.session.timeZone", "UTC")
              .config(SMALL_DATA)
              .getOrCreate();
      SparkWork work = new SparkWork();
      session.sparkContext().addSparkListener(work);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    work.report();
                    session.stop();
                  }));
    }
    return session;
  }
}

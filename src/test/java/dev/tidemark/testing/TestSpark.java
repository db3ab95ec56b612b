package dev.tidemark.testing;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the test JVM (surefire runs every test class in one fork). Starting a
 * session takes seconds; sharing it keeps the suite short. Settings match a small local run.
 */
public final class TestSpark {
  /**
   * Spark settings that run queries interpreted, without generated code. Test data is tiny, so
   * generating and compiling Java code for each query costs more than running it: interpreted, a
   * backfill-and-rerun test class took 52 s against 63 s compiled. Results are the same by Spark's
   * contract (its own suite runs both ways). This session and the child JVMs the surefire tests
   * start ({@link ChildJvm}) use them; the integration tests that run the CLI or spark-submit as a
   * user does, and the benchmark, run compiled.
   */
  public static final Map<String, Object> INTERPRETED =
      Map.of(
          "spark.sql.codegen.wholeStage", "false", "spark.sql.codegen.factoryMode", "NO_CODEGEN");

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
              .config(INTERPRETED)
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

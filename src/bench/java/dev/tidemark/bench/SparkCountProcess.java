package dev.tidemark.bench;

import dev.tidemark.config.ConfigLoader;
import dev.tidemark.config.ConfigRequest;
import dev.tidemark.config.Settings;
import dev.tidemark.spark.SparkSessions;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The yardstick of the process cases: a process that starts Spark as Tidemark starts it (the same
 * profile's settings, the same master) and counts a Delta table's rows, nothing else. Started by
 * {@link ProcessCases} through {@code scripts/tidemark}, so it gets the commands' java, classpath
 * and JVM flags.
 *
 * <p>Arguments: the configuration folder, the configuration layer the commands get, the table.
 */
public final class SparkCountProcess {
  private SparkCountProcess() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: SparkCountProcess CONF_DIR CONFIG_LAYER DELTA_TABLE");
      System.exit(2);
    }
    Settings settings =
        ConfigLoader.loadSettings(
            new ConfigRequest(Paths.get(args[0]), "local", "", List.of(Paths.get(args[1]))));
    SparkSession spark = SparkSessions.getOrCreate(settings.spark());
    System.out.println(spark.read().format("delta").load(args[2]).count());
    // Ends as the command line ends, leaving Spark to its shutdown hook.
    System.exit(0);
  }
}

package dev.tidemark.cli;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;

/**
 * Log levels of the command line. conf/log4j2.properties keeps Spark's INFO chatter off by default;
 * {@code --verbose} brings it back, with Tidemark's own debug lines, for one command: the levels
 * are restored when it ends (the command line may run inside a longer-lived JVM).
 */
final class Logging {
  private static final Map<String, Level> VERBOSE = new LinkedHashMap<>();

  static {
    VERBOSE.put("", Level.INFO); // the root logger
    VERBOSE.put("org.apache.spark", Level.INFO);
    VERBOSE.put("org.apache.spark.sql.delta", Level.INFO);
    // Quiet by default in conf/log4j2.properties: a failed task's stack traces.
    VERBOSE.put("org.apache.spark.executor.Executor", Level.INFO);
    VERBOSE.put("org.apache.spark.scheduler.TaskSetManager", Level.INFO);
    VERBOSE.put("org.apache.spark.sql.execution.datasources.FileFormatWriter", Level.INFO);
    VERBOSE.put("dev.tidemark", Level.DEBUG);
  }

  private Logging() {}

  /** Turns verbose logging on; closing the result puts the levels back as they were. */
  static AutoCloseable verbose() {
    Map<String, Level> before = new LinkedHashMap<>();
    for (String name : List.copyOf(VERBOSE.keySet())) {
      before.put(
          name,
          (name.isEmpty() ? LogManager.getRootLogger() : LogManager.getLogger(name)).getLevel());
    }
    set(VERBOSE);
    return () -> set(before);
  }

  private static void set(Map<String, Level> levels) {
    // log4j-core comes with Spark at run time only, so it is reached by name, not compiled against.
    try {
      Method setLevel =
          Class.forName("org.apache.logging.log4j.core.config.Configurator")
              .getMethod("setLevel", String.class, Level.class);
      for (Map.Entry<String, Level> e : levels.entrySet()) {
        setLevel.invoke(null, e.getKey(), e.getValue());
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      // Another logging backend (a cluster's own): its configuration decides.
    }
  }
}

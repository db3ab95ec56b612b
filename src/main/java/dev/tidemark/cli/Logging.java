package dev.tidemark.cli;

import java.lang.reflect.Method;
import org.apache.logging.log4j.Level;

/**
 * Log levels of the command line. conf/log4j2.properties keeps Spark's INFO chatter off by default;
 * {@code --verbose} brings it back, with Tidemark's own debug lines.
 */
final class Logging {
  private Logging() {}

  static void verbose() {
    // log4j-core comes with Spark at run time only, so it is reached by name, not compiled against.
    try {
      Method setLevel =
          Class.forName("org.apache.logging.log4j.core.config.Configurator")
              .getMethod("setLevel", String.class, Level.class);
      setLevel.invoke(null, "", Level.INFO); // the root logger
      setLevel.invoke(null, "org.apache.spark", Level.INFO);
      setLevel.invoke(null, "org.apache.spark.sql.delta", Level.INFO);
      setLevel.invoke(null, "dev.tidemark", Level.DEBUG);
    } catch (ReflectiveOperationException | LinkageError e) {
      // Another logging backend (a cluster's own): its configuration decides.
    }
  }
}

package dev.tidemark.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The running Tidemark's version, recorded in every run row. */
public final class Tidemark {
  private static final String VERSION = loadVersion();

  private Tidemark() {}

  public static String version() {
    return VERSION;
  }

  private static String loadVersion() {
    try (InputStream in = Tidemark.class.getResourceAsStream("/dev/tidemark/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read Tidemark's version", e);
    }
  }
}

package dev.tidemark.config;

import java.nio.file.Paths;
import java.util.regex.Pattern;

/** Turns configured locations into absolute ones, leaving URIs (s3a://, dbfs:/) as they are. */
public final class Locations {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

  private Locations() {}

  /** A local relative path becomes absolute against the working directory; a URI is kept. */
  public static String qualify(String location) {
    String trimmed = location.trim();
    if (SCHEME.matcher(trimmed).matches()) {
      return trimmed.endsWith("/") && trimmed.length() > 1
          ? trimmed.substring(0, trimmed.length() - 1)
          : trimmed;
    }
    return Paths.get(trimmed).toAbsolutePath().normalize().toString();
  }

  /** True for paths on this machine's filesystem (no scheme, or file:). */
  public static boolean isLocal(String location) {
    return !SCHEME.matcher(location).matches() || location.startsWith("file:");
  }
}

package dev.tidemark.source;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The configured reader options, looked up the way Spark does: names are case-insensitive. */
final class ReaderOptions {
  private ReaderOptions() {}

  static Optional<String> get(Map<String, String> options, String name) {
    return options.entrySet().stream()
        .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  static boolean isTrue(Map<String, String> options, String name) {
    return get(options, name).map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
  }
}

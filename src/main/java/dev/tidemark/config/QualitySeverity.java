package dev.tidemark.config;

import java.util.Locale;
import java.util.Optional;

/** What a failed quality check does to the run. */
public enum QualitySeverity {
  /** The run stops before publish: exit code 3, target and watermarks unchanged. */
  ERROR,
  /** Recorded and reported; the run publishes. */
  WARN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<QualitySeverity> parse(String label) {
    for (QualitySeverity s : values()) {
      if (s.label().equals(label)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}

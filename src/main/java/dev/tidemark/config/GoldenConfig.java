package dev.tidemark.config;

import java.util.Map;
import java.util.Optional;

/** The golden source reconciliation compares the target with. */
public record GoldenConfig(
    String path,
    DataFormat format,
    Map<String, String> options,
    Optional<String> validFrom,
    Optional<String> validTo) {
  public GoldenConfig {
    options = Map.copyOf(options);
  }

  /** True when the golden source holds every state of a key with its validity range. */
  public boolean hasValidity() {
    return validFrom.isPresent();
  }
}

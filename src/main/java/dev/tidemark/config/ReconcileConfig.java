package dev.tidemark.config;

import java.util.List;
import java.util.Optional;

/** Reconciliation settings: the reference, the compared columns, and the breach limits. */
public record ReconcileConfig(
    Optional<GoldenConfig> golden,
    List<String> compareColumns,
    long maxMissing,
    long maxExtra,
    long maxMismatched,
    int sampleSize) {
  public ReconcileConfig {
    compareColumns = List.copyOf(compareColumns);
  }
}

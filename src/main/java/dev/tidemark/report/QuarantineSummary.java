package dev.tidemark.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A pipeline's quarantine: how many rows, counted by reason and by source file (largest first), and
 * the newest few rows as they were.
 */
public record QuarantineSummary(
    long rows, Map<String, Long> byReason, Map<String, Long> byFile, List<Sample> samples) {
  public QuarantineSummary {
    byReason = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byReason));
    byFile = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byFile));
    samples = List.copyOf(samples);
  }

  public static final QuarantineSummary EMPTY =
      new QuarantineSummary(0, Map.of(), Map.of(), List.of());

  /** One quarantined row. */
  public record Sample(
      String runId, LocalDate landingDate, String sourceFile, String reason, String raw) {}
}

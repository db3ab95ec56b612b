package dev.tidemark.reconcile;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.ReconcileConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The reconciliation's limits: which counts are above theirs, in words. */
final class ReconcileLimits {
  private ReconcileLimits() {}

  /** Every count above its limit, joined with "; "; empty when none is. */
  static Optional<String> breach(
      PipelineConfig pipeline,
      long missing,
      long extra,
      long mismatched,
      TargetDuplicates duplicates) {
    ReconcileConfig limits = pipeline.reconcile();
    long maxDuplicates = pipeline.thresholds().maxTargetDuplicateKeys();
    List<String> reasons = new ArrayList<>();
    if (missing > limits.maxMissing()) {
      reasons.add("missing " + missing + " > max-missing " + limits.maxMissing());
    }
    if (extra > limits.maxExtra()) {
      reasons.add("extra " + extra + " > max-extra " + limits.maxExtra());
    }
    if (mismatched > limits.maxMismatched()) {
      reasons.add("mismatched " + mismatched + " > max-mismatched " + limits.maxMismatched());
    }
    if (duplicates.extraRows() > maxDuplicates) {
      reasons.add(
          "target duplicate keys "
              + duplicates.extraRows()
              + " > thresholds.max-target-duplicate-keys "
              + maxDuplicates
              + (duplicates.sample().isEmpty()
                  ? ""
                  : " (keys held by more than one row: "
                      + String.join(", ", duplicates.sample())
                      + ")"));
    }
    return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
  }
}

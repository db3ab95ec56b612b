package dev.tidemark.reconcile;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts of keys missing from the target, extra in it, and present in both with different values
 * (with per-column counts), target rows sharing a key, up to N sample keys per kind, and the breach
 * description when a count is above its limit.
 */
public record ReconcileResult(
    ReconcileReference reference,
    String scope,
    Optional<LocalDate> asOf,
    long referenceRows,
    long targetRows,
    long missing,
    long extra,
    long mismatched,
    long targetDuplicateKeys,
    Map<String, Long> mismatchedColumns,
    List<String> missingSample,
    List<String> extraSample,
    List<String> mismatchedSample,
    Optional<String> breach) {
  public ReconcileResult {
    mismatchedColumns = Map.copyOf(mismatchedColumns);
    missingSample = List.copyOf(missingSample);
    extraSample = List.copyOf(extraSample);
    mismatchedSample = List.copyOf(mismatchedSample);
  }

  public boolean breached() {
    return breach.isPresent();
  }

  public long mismatchCount() {
    return missing + extra + mismatched;
  }
}

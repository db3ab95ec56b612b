package dev.tidemark.reconcile;

import java.util.List;
import java.util.Map;

/**
 * What a reconciliation found: the rows on each side, the keys missing from the target, extra in
 * it, and present in both with different values (with per-column counts), target rows sharing a
 * key, and up to N sample keys per kind. The same fact whether just computed ({@link
 * ReconcileResult}) or read back from the reconciliation table for the report.
 */
public record Findings(
    long referenceRows,
    long targetRows,
    long missing,
    long extra,
    long mismatched,
    long targetDuplicateKeys,
    Map<String, Long> mismatchedColumns,
    List<String> missingSample,
    List<String> extraSample,
    List<String> mismatchedSample) {
  public Findings {
    mismatchedColumns = Map.copyOf(mismatchedColumns);
    missingSample = List.copyOf(missingSample);
    extraSample = List.copyOf(extraSample);
    mismatchedSample = List.copyOf(mismatchedSample);
  }

  public long mismatchCount() {
    return missing + extra + mismatched;
  }
}

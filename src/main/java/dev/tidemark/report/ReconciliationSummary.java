package dev.tidemark.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One row of the reconciliation table, as read back for status and the report. */
public record ReconciliationSummary(
    String runId,
    Instant checkedAt,
    String scope,
    String reference,
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
    String status,
    Optional<String> breach) {
  public ReconciliationSummary {
    mismatchedColumns = Map.copyOf(mismatchedColumns);
    missingSample = List.copyOf(missingSample);
    extraSample = List.copyOf(extraSample);
    mismatchedSample = List.copyOf(mismatchedSample);
  }

  public long mismatchCount() {
    return missing + extra + mismatched;
  }
}

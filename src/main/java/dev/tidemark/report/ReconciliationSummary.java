package dev.tidemark.report;

import dev.tidemark.reconcile.Findings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One row of the reconciliation table, as read back for status and the report. Its reference and
 * status stay the text stored, not {@link dev.tidemark.reconcile.ReconcileReference} and a breach
 * flag: the report shows (escaped) whatever a row holds, including one written by hand or by
 * another version.
 */
public record ReconciliationSummary(
    String runId,
    Instant checkedAt,
    String scope,
    String reference,
    Optional<LocalDate> asOf,
    Findings findings,
    String status,
    Optional<String> breach) {}

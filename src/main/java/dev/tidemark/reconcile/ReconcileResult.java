package dev.tidemark.reconcile;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A reconciliation just done: what the target was compared with, in which scope and as of which
 * landing date, what it found, and the breach description when a count is above its limit.
 */
public record ReconcileResult(
    ReconcileReference reference,
    String scope,
    Optional<LocalDate> asOf,
    Findings findings,
    Optional<String> breach) {

  public boolean breached() {
    return breach.isPresent();
  }

  // Shorthands for findings()'s counts: the reconcile step's line, the run row and the CLI read
  // them.

  public long missing() {
    return findings.missing();
  }

  public long extra() {
    return findings.extra();
  }

  public long mismatched() {
    return findings.mismatched();
  }

  public long targetDuplicateKeys() {
    return findings.targetDuplicateKeys();
  }

  public long targetRows() {
    return findings.targetRows();
  }
}

package dev.tidemark.reconcile;

import java.util.Optional;

/**
 * What the reconcile step found.
 *
 * @param result empty when the run published nothing to check
 */
public record Reconciled(Optional<ReconcileResult> result, Optional<Long> millis) {
  public static final Reconciled NONE = new Reconciled(Optional.empty(), Optional.empty());

  public boolean breached() {
    return result.map(ReconcileResult::breached).orElse(false);
  }
}

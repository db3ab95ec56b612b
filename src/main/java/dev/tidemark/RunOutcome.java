package dev.tidemark;

import dev.tidemark.ledger.RunRecord;
import dev.tidemark.reconcile.ReconcileResult;
import java.util.Optional;

/** How a run ended, with the run row it left. */
public sealed interface RunOutcome {
  RunRecord run();

  /** Every stage passed; the watermarks moved. */
  record Succeeded(RunRecord run, Optional<ReconcileResult> reconciliation) implements RunOutcome {}

  /** Reconciliation breached its limits: the publish stands, the watermarks did not move. */
  record Breached(RunRecord run, ReconcileResult reconciliation) implements RunOutcome {}

  /** A stage failed. The target is unchanged, or fully merged if the failure came after publish. */
  record Failed(RunRecord run, Throwable cause) implements RunOutcome {}
}

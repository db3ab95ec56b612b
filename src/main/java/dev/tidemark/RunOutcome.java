package dev.tidemark;

import dev.tidemark.audit.AuditResult;
import dev.tidemark.control.RunRecord;
import dev.tidemark.reconcile.ReconcileResult;
import java.util.Optional;

/** How a run ended, with the run row it left. */
public sealed interface RunOutcome {
  RunRecord run();

  /** Every stage passed; the watermarks moved. */
  record Succeeded(RunRecord run, Optional<ReconcileResult> reconciliation) implements RunOutcome {}

  /**
   * A threshold was breached. When reconciliation breached its limits the watermarks did not move;
   * an operational threshold (lag, runtime) alone lets them move: the data is right, late or slow.
   * The publish stands either way.
   */
  record Breached(RunRecord run, Optional<ReconcileResult> reconciliation) implements RunOutcome {}

  /**
   * An error-severity quality gate failed on the staged batch: nothing was published, the
   * watermarks did not move, and the staging table is kept at {@code stagingPath}.
   */
  record Rejected(RunRecord run, AuditResult audit, String stagingPath) implements RunOutcome {}

  /** A stage failed. The target is unchanged, or fully merged if the failure came after publish. */
  record Failed(RunRecord run, Throwable cause) implements RunOutcome {}
}

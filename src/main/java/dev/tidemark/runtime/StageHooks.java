package dev.tidemark.runtime;

/**
 * Points at stage boundaries where tests pause or fail a run on purpose, to prove what a crash
 * there leaves behind. Production runs use {@link #NONE}.
 */
@FunctionalInterface
public interface StageHooks {
  StageHooks NONE = (point, runId) -> {};

  /** Where a run can be stopped, in the order a run reaches them. */
  enum Point {
    /** The run row is written, nothing else. */
    AFTER_PLAN,
    /** The stage step has begun; the staging table is not written yet. */
    DURING_STAGE,
    /** The staging table and the quarantine rows are written. */
    AFTER_STAGE,
    /** Just before the target's MERGE runs (and commits). */
    BEFORE_MERGE,
    /** Just after the target's MERGE committed. */
    AFTER_PUBLISH,
    /** The reconciliation is computed, its result not stored yet. */
    DURING_RECONCILE,
    AFTER_RECONCILE,
    /** During commit: the interval ledger is written, the watermarks are not. */
    AFTER_INTERVALS,
    AFTER_WATERMARKS
  }

  void reached(Point point, String runId);
}

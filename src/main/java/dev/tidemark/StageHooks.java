package dev.tidemark;

/**
 * Points at stage boundaries where tests pause or fail a run on purpose, to prove what a crash
 * there leaves behind. Production runs use {@link #NONE}.
 */
@FunctionalInterface
public interface StageHooks {
  StageHooks NONE = (point, runId) -> {};

  /** Where a run can be stopped, in the order a run reaches them. */
  enum Point {
    AFTER_PLAN,
    AFTER_STAGE,
    AFTER_PUBLISH,
    AFTER_RECONCILE,
    AFTER_INTERVALS,
    AFTER_WATERMARKS
  }

  void reached(Point point, String runId);
}

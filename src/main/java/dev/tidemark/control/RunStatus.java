package dev.tidemark.control;

import java.util.Locale;

/** Where a run ended, as stored in the runs table's status column. */
public enum RunStatus {
  /** Started and not finished: running now, or a process that died (see {@link Repair}). */
  RUNNING,
  /** Every stage succeeded; the watermarks moved. */
  SUCCEEDED,
  /**
   * Reconciliation or an alert threshold was breached after publish: the publish stands; the
   * watermarks did not move when the data is suspect.
   */
  BREACHED,
  /**
   * A quality gate of severity error failed on the staged batch: nothing was published, the
   * watermarks did not move, the staging table is kept; the error names the checks.
   */
  REJECTED,
  /** A stage failed; the error column says which and why. */
  FAILED,
  /** The process died during the run; the repair step at a later start closed it. */
  INTERRUPTED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus parse(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}

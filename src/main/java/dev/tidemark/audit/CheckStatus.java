package dev.tidemark.audit;

import java.util.Locale;

/** A check's outcome, as stored in the quality table's status column. */
public enum CheckStatus {
  PASSED,
  /** An error-severity check failed: the run stops before publish. */
  FAILED,
  /** A warn-severity check failed: recorded and reported, the run publishes. */
  WARNED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

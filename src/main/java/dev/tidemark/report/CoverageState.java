package dev.tidemark.report;

/** What is known about one landing date of a pipeline: the calendar's colours. */
public enum CoverageState {
  /** Published and verified, and its files are the ones published. */
  PROCESSED("processed"),
  /** Published, but its folder's files changed since: a run would read it again. */
  STALE("stale"),
  /** Published by a run whose reconciliation breached, or that was interrupted. */
  UNVERIFIED("unverified"),
  /** The last run that tried this date failed, and no run published it. */
  FAILED("failed"),
  /** Its folder holds files, but no run has published them: a gap. */
  NOT_PROCESSED("not processed"),
  /** No folder, or an empty one, where one was expected. */
  MISSING("missing");

  private final String label;

  CoverageState(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}

package dev.tidemark.plan;

/** How a run's range was chosen. */
public enum RunMode {
  /** From the landing watermark minus the lookback through today. */
  INCREMENTAL,
  /**
   * An explicit --from/--to: folders whose files or configuration changed since they were published
   * are read; unchanged ones are skipped, so rerunning the same backfill is a no-op.
   */
  BACKFILL,
  /**
   * --force: every file in range is read again, whatever the ledger says, with or without a range.
   */
  FORCED,
  /** {@code tidemark quarantine replay}: quarantined rows parsed again; no files are read. */
  REPLAY;

  /** Whether every file of the range is read, not only those the ledger has not seen. */
  public boolean readsEverything() {
    return this == FORCED;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

package dev.tidemark.plan;

/** What kind of run a run is: how its range was chosen, or the command that made it. */
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
  REPLAY,
  /** {@code tidemark rollback}: the target restored to the version before a run; nothing read. */
  ROLLBACK;

  /** Whether every file of the range is read, not only those the ledger has not seen. */
  public boolean readsEverything() {
    return this == FORCED;
  }

  /** As the runs table, the JSON output and the terminal write it: {@code backfill}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The mode a runs-table row names. */
  public static RunMode ofLabel(String label) {
    return valueOf(label.toUpperCase(java.util.Locale.ROOT));
  }
}

package dev.tidemark.plan;

/** How a run's range was chosen. */
public enum RunMode {
  /** From the landing watermark minus the lookback through today. */
  INCREMENTAL,
  /** An explicit --from/--to: every file in range is read again. */
  BACKFILL;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

package dev.tidemark.control;

import java.util.Locale;

/** The state of one landing date in the interval ledger. */
public enum IntervalStatus {
  /** Published and reconciled. Incremental runs skip its files while they stay unchanged. */
  PROCESSED,
  /** Published, but reconciliation breached or never ran; the next run reads it again. */
  UNVERIFIED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IntervalStatus parse(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}

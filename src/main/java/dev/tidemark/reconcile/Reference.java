package dev.tidemark.reconcile;

import java.util.Locale;

/** What the target is compared with. */
public enum Reference {
  /** The configured golden source, as of a landing date when it has validity columns. */
  GOLDEN,
  /** The run's own staged batch: every staged key must hold its staged version or a newer one. */
  STAGED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package dev.tidemark.reconcile;

import java.util.Locale;

/** What the target is compared with. */
public enum ReconcileReference {
  /** The configured golden source, as of a landing date when it has validity columns. */
  GOLDEN,
  /** The run's own staged batch: every staged key must hold its staged version or a newer one. */
  STAGED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * What the comparison covered, in words for the run's output. Against its own batch a run only
   * checks that what it read was published: a file it never read cannot show as missing.
   */
  public String scope() {
    return this == GOLDEN
        ? "against the golden source"
        : "against this run's own batch only (no golden source configured: files never read"
            + " cannot show as missing)";
  }
}

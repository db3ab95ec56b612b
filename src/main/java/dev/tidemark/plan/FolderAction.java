package dev.tidemark.plan;

/** What a run does with one landing folder of its range. */
public enum FolderAction {
  /** Never published, unverified, forced, or published under another configuration: read all. */
  READ_ALL,
  /** Published before: read only the files that are new or changed since (late files). */
  READ_NEW_FILES,
  /** Published before with exactly these files and this configuration: nothing to read. */
  UNCHANGED,
  /**
   * Forced, every file read again and found as published: its parsed rows match the digest the
   * ledger keeps, so nothing of it is merged again.
   */
  VERIFIED,
  /** No folder, or no data file in it. */
  MISSING;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}

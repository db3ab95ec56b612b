package dev.tidemark.publish;

/**
 * What a publish did. {@code merged} is false when no staged row was newer than the target, in
 * which case no MERGE ran and the target has no new version. Inserted, updated and file counts come
 * from Delta's operation metrics of the commit (a moved key counts as one update, not a delete and
 * an insert); unchanged (same version already in the target) and stale (the target holds a newer
 * one) are the staged rows left out before the MERGE; {@code nothingToDelete} are tombstones of
 * keys the target does not hold (remembered, but no row to delete).
 */
public record MergeResult(
    boolean merged,
    long inserted,
    long updated,
    long deleted,
    long nothingToDelete,
    long unchanged,
    long stale,
    long filesAdded,
    long filesRemoved,
    long versionBefore,
    long versionAfter) {
  /** Without tombstones of keys the target lacks. */
  public MergeResult(
      boolean merged,
      long inserted,
      long updated,
      long deleted,
      long unchanged,
      long stale,
      long filesAdded,
      long filesRemoved,
      long versionBefore,
      long versionAfter) {
    this(
        merged,
        inserted,
        updated,
        deleted,
        0,
        unchanged,
        stale,
        filesAdded,
        filesRemoved,
        versionBefore,
        versionAfter);
  }

  /** Without deletes, as before Tidemark deleted rows. */
  public MergeResult(
      boolean merged,
      long inserted,
      long updated,
      long unchanged,
      long stale,
      long filesAdded,
      long filesRemoved,
      long versionBefore,
      long versionAfter) {
    this(
        merged,
        inserted,
        updated,
        0,
        unchanged,
        stale,
        filesAdded,
        filesRemoved,
        versionBefore,
        versionAfter);
  }

  /** The same result with {@code more} rows counted unchanged (left out before staging). */
  public MergeResult plusUnchanged(long more) {
    return new MergeResult(
        merged,
        inserted,
        updated,
        deleted,
        nothingToDelete,
        unchanged + more,
        stale,
        filesAdded,
        filesRemoved,
        versionBefore,
        versionAfter);
  }

  /**
   * Tombstones of keys the target did not hold, for the publish line and the run summary: neither
   * deleted nor unchanged, so named apart. Empty when there are none, else " N deletes of keys not
   * in the target (nothing to delete);", to follow a semicolon.
   */
  public static String nothingToDelete(long tombstones) {
    return tombstones == 0
        ? ""
        : String.format(
            java.util.Locale.ROOT,
            " %,d %s of keys not in the target (nothing to delete);",
            tombstones,
            tombstones == 1 ? "delete" : "deletes");
  }
}

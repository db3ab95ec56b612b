package dev.tidemark.publish;

/**
 * What a publish did. {@code merged} is false when no staged row was newer than the target, in
 * which case no MERGE ran and the target has no new version. Inserted, updated and file counts come
 * from Delta's operation metrics of the commit (a moved key counts as one update, not a delete and
 * an insert); unchanged (same version already in the target) and stale (the target holds a newer
 * one) are the staged rows left out before the MERGE.
 */
public record MergeResult(
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
        unchanged + more,
        stale,
        filesAdded,
        filesRemoved,
        versionBefore,
        versionAfter);
  }
}

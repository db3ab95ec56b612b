package dev.tidemark.spark.internal;

import java.util.Optional;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;

/**
 * Delta's conflict between two commits. The public {@code io.delta.exceptions} classes do not share
 * a public parent, so the check is on their internal one.
 */
public final class DeltaConflicts {
  private DeltaConflicts() {}

  /** The conflict anywhere in the cause chain: Spark wraps some errors of a write's job. */
  public static Optional<RuntimeException> in(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof DeltaConcurrentModificationException conflict) {
        return Optional.of(conflict);
      }
    }
    return Optional.empty();
  }
}

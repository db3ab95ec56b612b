package dev.tidemark.config;

import dev.tidemark.transform.Columns;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * How keys leave the target and move within it.
 *
 * @param snapshot {@code source.mode = snapshot}: each landing folder holds the complete state of
 *     the target partitions its rows belong to (a daily full export), not a feed of changes
 * @param opColumn the column whose value marks a version as a delete (a tombstone); empty: the
 *     source has no tombstones
 * @param deleteValues the values of {@code opColumn} that mean delete
 * @param tombstoneRetention how long a delete is remembered, so an older version of the key that
 *     arrives later cannot bring it back
 * @param deleteMissing snapshot sources only: delete target rows of the covered partitions whose
 *     keys the snapshot no longer has
 * @param partitionMayChange a key may move to another target partition: look it up across the whole
 *     target and move its row, at the cost of reading keys outside the batch's partitions
 */
public record DeleteConfig(
    boolean snapshot,
    Optional<String> opColumn,
    List<String> deleteValues,
    Duration tombstoneRetention,
    boolean deleteMissing,
    boolean partitionMayChange) {
  public DeleteConfig {
    deleteValues = List.copyOf(deleteValues);
  }

  /** The defaults: a change feed without tombstones, keys that never change partition. */
  public static DeleteConfig none() {
    return new DeleteConfig(
        false, Optional.empty(), List.of("D"), Duration.ofDays(30), false, false);
  }

  /** Whether this pipeline ever deletes target rows, so it needs the tombstones table. */
  public boolean deletes() {
    return opColumn.isPresent() || deleteMissing;
  }

  /** True for a version that says its key is deleted; false for every row without an op column. */
  public Column isTombstone() {
    if (opColumn.isEmpty()) {
      return functions.lit(false);
    }
    return functions.coalesce(
        Columns.col(opColumn.get()).isin(deleteValues.toArray()), functions.lit(false));
  }
}

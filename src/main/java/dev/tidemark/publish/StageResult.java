package dev.tidemark.publish;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the extract, dedup and stage pass saw, counted in that same pass: rows read, rows headed for
 * quarantine, rows that passed, rows staged (one per key), the newest event time staged, and the
 * target partition values the batch touches.
 */
public record StageResult(
    String stagingPath,
    long rowsRead,
    long rowsQuarantined,
    long exactDuplicates,
    long rowsStaged,
    long rowsUnchanged,
    Optional<Instant> eventMax,
    List<Object> partitionValues,
    boolean hasNullPartition) {
  public StageResult {
    partitionValues = List.copyOf(partitionValues);
  }

  public long rowsValid() {
    return rowsRead - rowsQuarantined;
  }

  /** The rows in the staging table: the batch without the rows left out as unchanged. */
  public long rowsToPublish() {
    return rowsStaged - rowsUnchanged;
  }

  public static StageResult empty(String stagingPath) {
    return new StageResult(stagingPath, 0, 0, 0, 0, 0, Optional.empty(), List.of(), false);
  }
}

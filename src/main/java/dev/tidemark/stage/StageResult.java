package dev.tidemark.stage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    boolean hasNullPartition,
    Map<String, String> fileDigests) {
  /**
   * @param fileDigests the digest of each file read, by path (see {@link FileDigests}); empty when
   *     the pass took none
   */
  public StageResult {
    partitionValues = List.copyOf(partitionValues);
    fileDigests = Map.copyOf(fileDigests);
  }

  public StageResult withFileDigests(Map<String, String> digests) {
    return new StageResult(
        stagingPath,
        rowsRead,
        rowsQuarantined,
        exactDuplicates,
        rowsStaged,
        rowsUnchanged,
        eventMax,
        partitionValues,
        hasNullPartition,
        digests);
  }

  public long rowsValid() {
    return rowsRead - rowsQuarantined;
  }

  /** The rows in the staging table: the batch without the rows left out as unchanged. */
  public long rowsToPublish() {
    return rowsStaged - rowsUnchanged;
  }

  public static StageResult empty(String stagingPath) {
    return new StageResult(
        stagingPath, 0, 0, 0, 0, 0, Optional.empty(), List.of(), false, Map.of());
  }
}

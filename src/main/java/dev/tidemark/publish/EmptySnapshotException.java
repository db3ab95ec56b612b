package dev.tidemark.publish;

/**
 * A snapshot folder that is now empty or missing would empty the target partitions it last
 * delivered. Thrown before the MERGE, so the target and the watermarks stay as they were.
 */
final class EmptySnapshotException extends RuntimeException {
  public EmptySnapshotException(String message) {
    super(message);
  }
}

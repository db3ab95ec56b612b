package dev.tidemark.control;

import java.util.Optional;

/**
 * What the runs table says a run left in its target: the Delta versions around its publish and the
 * table's id (empty in rows written before the runs table recorded it).
 */
public record PublishedVersion(
    String runId, long versionBefore, long versionAfter, Optional<String> tableId) {
  /** True when the run committed to the target: its commit, at versionAfter, carries its id. */
  public boolean committed() {
    return versionAfter != versionBefore;
  }
}

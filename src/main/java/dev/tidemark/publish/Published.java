package dev.tidemark.publish;

import dev.tidemark.control.RunRecord.PublishCounts;
import java.util.Optional;

/**
 * What the publish step did to the target.
 *
 * @param tableId the target's Delta table id as the publish left it, for the next run's check
 * @param millis the step's time, when it ran as a stage of its own
 */
public record Published(MergeResult merge, Optional<String> tableId, Optional<Long> millis) {

  /** The run row's publish counts. */
  public PublishCounts counts() {
    MergeResult m = merge;
    return new PublishCounts(
        m.merged(),
        m.inserted(),
        m.updated(),
        m.deleted(),
        m.unchanged(),
        m.stale(),
        m.filesAdded(),
        m.filesRemoved(),
        m.versionBefore(),
        m.versionAfter(),
        m.nothingToDelete());
  }
}

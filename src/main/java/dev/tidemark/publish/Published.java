package dev.tidemark.publish;

import dev.tidemark.control.RunRecord.PublishCounts;
import java.util.Optional;

/**
 * What the publish step did to the target.
 *
 * @param counts what the MERGE did and left out, as the run row records it
 * @param tableId the target's Delta table id as the publish left it, for the next run's check
 * @param millis the step's time, when it ran as a stage of its own
 */
public record Published(PublishCounts counts, Optional<String> tableId, Optional<Long> millis) {}

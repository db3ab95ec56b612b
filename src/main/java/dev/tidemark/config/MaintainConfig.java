package dev.tidemark.config;

import java.time.Duration;

/**
 * What {@code tidemark maintain} does to a pipeline's target.
 *
 * @param optimize compact the target's small files (Delta OPTIMIZE)
 * @param vacuumRetention VACUUM deletes files unreferenced for longer than this
 * @param rollbackRuns the last this many runs that changed the target must stay restorable by
 *     {@code rollback}: a VACUUM that would delete a file they need is refused; 0: no such check
 */
public record MaintainConfig(boolean optimize, Duration vacuumRetention, int rollbackRuns) {}

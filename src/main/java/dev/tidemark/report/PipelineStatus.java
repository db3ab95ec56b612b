package dev.tidemark.report;

import dev.tidemark.ledger.RunRecord;
import dev.tidemark.ledger.Watermark;
import java.time.Instant;
import java.util.Optional;

/** A pipeline's state now: its watermarks and lag, its target, and its last run. */
public record PipelineStatus(
    String pipeline,
    Instant now,
    Watermark watermark,
    Optional<Long> lagSeconds,
    String targetPath,
    Optional<Long> targetVersion,
    Optional<RunRecord> lastRun) {}

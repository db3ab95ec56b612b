package dev.tidemark.report;

import dev.tidemark.ledger.RunRecord;
import dev.tidemark.ledger.StagingArea;
import dev.tidemark.ledger.Watermark;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline's state now: its watermarks and lag, its target, its last run, the p95 runtime of its
 * recent successful runs, landing dates never processed (gaps) or changed since (stale), and the
 * thresholds its state breaches, and the staging tables failed or killed runs left.
 */
public record PipelineStatus(
    String pipeline,
    Instant now,
    Watermark watermark,
    Optional<Long> lagSeconds,
    String targetPath,
    Optional<Long> targetVersion,
    Optional<RunRecord> lastRun,
    Optional<Long> p95RuntimeMs,
    int p95Runs,
    List<LocalDate> gaps,
    List<LocalDate> stale,
    List<ThresholdBreach> breaches,
    StagingArea.Summary staging) {
  public PipelineStatus {
    gaps = List.copyOf(gaps);
    stale = List.copyOf(stale);
    breaches = List.copyOf(breaches);
  }
}

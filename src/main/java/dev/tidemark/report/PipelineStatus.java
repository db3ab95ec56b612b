package dev.tidemark.report;

import dev.tidemark.control.RunRecord;
import dev.tidemark.control.StagingArea;
import dev.tidemark.control.Watermark;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline's state now: its watermarks and lag, its target, its last run, the p95 runtime of its
 * recent successful runs per kind of run, landing dates never processed (gaps) or changed since
 * (stale), and the thresholds its state breaches, the staging tables failed or killed runs left,
 * and what under the source root no run reads ({@code unread}: folders not named as landing dates,
 * files at the root).
 */
public record PipelineStatus(
    String pipeline,
    Instant now,
    Watermark watermark,
    Optional<Long> lagSeconds,
    String targetPath,
    Optional<Long> targetVersion,
    Optional<RunRecord> lastRun,
    List<RuntimeP95> runtimes,
    List<LocalDate> gaps,
    List<LocalDate> stale,
    List<ThresholdBreach> breaches,
    StagingArea.Summary staging,
    List<String> unread,
    Optional<BackfillProgress> backfill,
    LandingHours hours) {
  /**
   * @param backfill how far the newest batched backfill got, while it has batches left
   * @param hours in an hourly layout, the hours of the gaps and stale dates
   */
  public PipelineStatus {
    gaps = List.copyOf(gaps);
    unread = List.copyOf(unread);
    stale = List.copyOf(stale);
    breaches = List.copyOf(breaches);
    runtimes = List.copyOf(runtimes);
  }

  /** The p95 runtime of the kind of the newest successful run: what status leads with. */
  public Optional<RuntimeP95> runtime() {
    return runtimes.stream().findFirst();
  }

  /** A status of a source root holding nothing but landing folders. */
  public PipelineStatus(
      String pipeline,
      Instant now,
      Watermark watermark,
      Optional<Long> lagSeconds,
      String targetPath,
      Optional<Long> targetVersion,
      Optional<RunRecord> lastRun,
      List<RuntimeP95> runtimes,
      List<LocalDate> gaps,
      List<LocalDate> stale,
      List<ThresholdBreach> breaches,
      StagingArea.Summary staging) {
    this(
        pipeline,
        now,
        watermark,
        lagSeconds,
        targetPath,
        targetVersion,
        lastRun,
        runtimes,
        gaps,
        stale,
        breaches,
        staging,
        List.of(),
        Optional.empty(),
        LandingHours.NONE);
  }
}

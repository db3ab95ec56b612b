package dev.tidemark.report;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlReads;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.Interval;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.StagingArea;
import dev.tidemark.control.Watermark;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.plan.LandingFolder;
import dev.tidemark.table.TargetLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Reads a pipeline's state from the control tables and its landing folders: watermarks and lag,
 * last run, p95 runtime, gaps and stale dates, and the thresholds it breaches now.
 */
public final class StatusReport {
  private StatusReport() {}

  /** A pipeline's status, with the runs (newest first) and calendar it was computed from. */
  public record Snapshot(
      PipelineStatus status, List<RunRecord> runs, List<DateCoverage> calendar) {}

  public static PipelineStatus read(StateSource source, TidemarkConfig config, Clock clock) {
    return snapshot(source, config, clock, 0).status();
  }

  /**
   * Reads everything status shows; {@code runLimit} is how many runs to read back at least (the p95
   * needs its window anyway).
   */
  public static Snapshot snapshot(
      StateSource source, TidemarkConfig config, Clock clock, int runLimit) {
    PipelineConfig p = config.pipeline();
    ControlReads control = source.control();
    boolean hasTables = control.hasRuns();
    Watermark watermark = hasTables ? control.watermark(p.name()) : Watermark.NONE;
    Instant now = clock.instant();
    Optional<Long> lag = watermark.event().map(e -> Duration.between(e, now).toSeconds());
    int limit = Math.max(runLimit, Math.max(200, 2 * p.thresholds().runtimeWindow()));
    List<RunRecord> runs = hasTables ? control.recentRuns(p.name(), limit) : List.of();
    TargetLog target = source.target();
    Optional<Long> version = target.version();
    FolderLister lister = new FolderLister(source.hadoop());
    List<LandingFolder> folders = lister.listAll(p.source().path(), p.source().layout());
    List<Interval> intervals =
        hasTables && version.isPresent() ? control.intervals(p.name()) : List.of();
    HourCoverage.Result hourly =
        HourCoverage.of(
            p.source().layout(),
            Coverage.of(p.startDate(), folders, intervals, runs, config.configHash()),
            folders,
            range -> control.processed(p.name(), Optional.of(range)),
            LocalDateTime.ofInstant(now, ZoneOffset.UTC));
    List<DateCoverage> calendar = hourly.calendar();
    var t = p.thresholds();
    PipelineStatus status =
        new PipelineStatus(
            p.name(),
            now,
            watermark,
            lag,
            target.path(),
            version,
            runs.stream().findFirst(),
            Thresholds.p95ByKind(runs, t.runtimeWindow()),
            Coverage.dates(calendar, CoverageState.NOT_PROCESSED, CoverageState.FAILED),
            Coverage.dates(calendar, CoverageState.STALE),
            Thresholds.forStatus(p, lag, runs),
            new StagingArea(source.hadoop(), ControlStore.of(config.settings())).summary(p.name()),
            lister.unread(p.source().path(), p.source().layout()),
            BackfillProgress.of(runs),
            hourly.hours());
    return new Snapshot(status, runs, calendar);
  }
}

package dev.tidemark.commit;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.Interval;
import dev.tidemark.control.IntervalLedger;
import dev.tidemark.control.IntervalStatus;
import dev.tidemark.control.RunRecord.WatermarkMove;
import dev.tidemark.control.RunScope;
import dev.tidemark.control.Watermark;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.LandingFolder;
import dev.tidemark.plan.PublishedDigest;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.runtime.RunListener;
import dev.tidemark.runtime.StageClock;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.runtime.StepTimes;
import dev.tidemark.stage.FileDigests;
import dev.tidemark.stage.StageResult;
import dev.tidemark.stage.Staged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commit step, last: the interval ledger records the landing dates read (unverified when
 * reconciliation breached), then the watermarks move, unless reconciliation breached. The caller
 * holds the pipeline's commit gate, so the watermark moves from the one stored now, not the one
 * read at start: a run that committed meanwhile moved it.
 */
public final class CommitStep {
  private final RunScope scope;
  private final LocalDate today;

  /**
   * @param today the day the run counts as today: the landing watermark never passes it
   */
  public CommitStep(RunScope scope, LocalDate today) {
    this.scope = scope;
    this.today = today;
  }

  public RunSoFar commit(RunSoFar so) {
    PipelineConfig pipeline = scope.pipeline();
    Watermark before =
        StepTimes.timed("read watermarks", () -> scope.reads().watermark(pipeline.name()));
    StageClock clock = StageClock.start(scope.listener(), "commit");
    boolean breached = so.reconciled().breached();
    StepTimes.timed(
        "write intervals",
        () ->
            scope
                .ledger()
                .write(
                    pipeline.name(),
                    readFolders(
                        scope,
                        so,
                        breached ? IntervalStatus.UNVERIFIED : IntervalStatus.PROCESSED)));
    scope.reached(StageHooks.Point.AFTER_INTERVALS);
    Watermark after = breached ? before : StepTimes.timed("advance", () -> advance(so, before));
    // A run that moves neither mark (a rerun with nothing new) leaves the table as it was: the
    // row keeps naming the run that last moved them, and the rerun stays a true no-op.
    boolean moved = !breached && after.movedFrom(before);
    if (moved) {
      StepTimes.timed(
          "write watermarks",
          () -> scope.watermarks().write(pipeline.name(), after, scope.clock().instant()));
    }
    long millis =
        clock.finish(
            breached
                ? "watermarks not moved (reconciliation breached); landing dates marked unverified"
                : describe(after));
    return so.withMarks(new Committed(move(scope.clock(), before, after), moved, millis));
  }

  /**
   * The commit of a run that read nothing and moves no watermark: there is nothing to write, and it
   * says where the watermarks stand.
   */
  public static RunSoFar nothing(RunSoFar so, Clock clock, RunListener listener) {
    StageClock started = StageClock.start(listener, "commit");
    Watermark marks = so.before();
    return so.withMarks(
        new Committed(move(clock, marks, marks), false, started.finish(describe(marks))));
  }

  /** The commit's line: where the watermarks stand after it. */
  public static String describe(Watermark after) {
    return "landing watermark "
        + after.landingShown().orElse("none")
        + ", event watermark "
        + after.event().map(Instant::toString).orElse("none");
  }

  /** The watermarks before and after, with the event lag as of now. */
  public static WatermarkMove move(Clock clock, Watermark before, Watermark after) {
    Optional<Long> lag = after.event().map(e -> Duration.between(e, clock.instant()).toSeconds());
    return new WatermarkMove(
        before.landing(),
        after.landing(),
        before.event(),
        after.event(),
        lag,
        before.landingHour(),
        after.landingHour());
  }

  /** The interval rows of the landing dates this run read, with the given status. */
  static List<Interval> readFolders(RunScope scope, RunSoFar so, IntervalStatus status) {
    RunPlan plan = so.plan();
    return plan.folders().stream()
        .filter(
            f -> f.action() == FolderAction.READ_ALL || f.action() == FolderAction.READ_NEW_FILES)
        .map(
            f ->
                Interval.published(
                    scope.pipeline().name(),
                    f.folder(),
                    status,
                    scope.config().configHash(),
                    scope.runId(),
                    scope.clock().instant(),
                    digestsOf(scope, so, f.folder())))
        .toList();
  }

  /**
   * The digest of each of the folder's files, as the ledger keeps them: taken by this run's stage
   * pass for the files it read, carried over from the ledger for the others (their content was
   * published, or verified, as it is).
   */
  private static Map<String, String> digestsOf(RunScope scope, RunSoFar so, LandingFolder folder) {
    if (!FileDigests.kept(scope.pipeline())) {
      return Map.of();
    }
    Map<String, String> read =
        so.staged().map(Staged::result).map(StageResult::fileDigests).orElse(Map.of());
    Map<String, String> digests = new LinkedHashMap<>();
    for (SourceFile f : folder.files()) {
      Optional.ofNullable(read.get(f.path()))
          .or(
              () ->
                  Optional.ofNullable(so.plan().digests().get(f.path()))
                      .map(PublishedDigest::digest))
          .ifPresent(d -> digests.put(f.path(), d));
    }
    return digests;
  }

  private Watermark advance(RunSoFar so, Watermark before) {
    // Read after this run's own intervals were written: they count.
    LocalDateTime now = LocalDateTime.now(scope.clock().withZone(ZoneOffset.UTC));
    return advance(
        scope.pipeline(),
        so,
        before,
        now.toLocalDate().equals(today) ? now : today.atTime(23, 0),
        scope.runId(),
        scope.reads().intervals(scope.pipeline().name()));
  }

  /**
   * The landing watermark moves to the newest landing date of the range that holds files (never
   * past today), and only when the range starts at or before the day after it, so a gap is never
   * jumped (a batch of a backfill starts where the backfill starts). Dates at the end of the range
   * with no folder yet do not count as processed: their files may still land. The event watermark
   * moves to the newest event time published.
   *
   * <p>In an hourly layout the landing watermark also has an hour: the newest hour of its date
   * whose folder holds files, never past the current hour.
   *
   * @param now the hour the run counts as now: the landing watermark never passes it
   * @param intervals the pipeline's interval ledger: later dates it holds as processed day after
   *     day are behind the landing watermark too
   */
  public static Watermark advance(
      PipelineConfig pipeline,
      RunSoFar so,
      Watermark before,
      LocalDateTime now,
      String runId,
      List<Interval> intervals) {
    LocalDate today = now.toLocalDate();
    // A batch of a backfill counts from the backfill's start, as the one run it replaces would:
    // the batches before it all published (or had nothing to read), so the dates between the
    // watermark and this batch are no gap, even those with no folder.
    LocalDate from = so.plan().batch().map(b -> b.whole().from()).orElse(so.plan().range().from());
    boolean contiguous =
        before
            .landing()
            .map(w -> !from.isAfter(w.plusDays(1)))
            .orElse(pipeline.startDate().map(s -> !from.isAfter(s)).orElse(true));
    Optional<LocalDate> newest =
        so.plan().presentFolders().stream()
            .map(LandingFolder::date)
            .filter(d -> !d.isAfter(today))
            .max(Comparator.naturalOrder());
    Optional<LocalDate> landing = before.landing();
    if (contiguous && newest.isPresent() && landing.map(newest.get()::isAfter).orElse(true)) {
      landing = newest;
    }
    // Later dates another run already processed (a concurrent backfill of the next range that
    // committed first) are behind the watermark now too, up to the first gap.
    landing = landing.map(l -> IntervalLedger.processedThrough(intervals, l, today));
    Optional<Instant> event = before.event();
    Optional<Instant> staged = so.staged().map(Staged::result).flatMap(StageResult::eventMax);
    if (staged.isPresent() && event.map(staged.get()::isAfter).orElse(true)) {
      event = staged;
    }
    Optional<Integer> hour =
        pipeline.source().layout().hourly()
            ? landing.map(l -> landingHour(pipeline, so.plan(), before, l, now))
            : Optional.empty();
    return new Watermark(landing, event, Optional.of(runId), hour);
  }

  /**
   * The hour of an hourly layout's landing watermark on {@code date}: the newest hour of the date's
   * folder that holds files (or the hour it had, if later), never past {@code now}. A date reached
   * through other runs' ledger rows, whose hours this run did not list, counts through its last
   * hour, or through now when it is today.
   */
  private static int landingHour(
      PipelineConfig pipeline, RunPlan plan, Watermark before, LocalDate date, LocalDateTime now) {
    int latest = date.equals(now.toLocalDate()) ? now.getHour() : 23;
    Optional<LandingFolder> folder =
        plan.presentFolders().stream().filter(f -> f.date().equals(date)).findFirst();
    if (folder.isEmpty()) {
      return before
          .landing()
          .filter(date::equals)
          .flatMap(d -> before.landingHour())
          .orElse(latest);
    }
    int newest =
        folder.get().files().stream()
            .map(f -> pipeline.source().layout().hourOf(date, f.path()))
            .filter(java.util.OptionalInt::isPresent)
            .mapToInt(java.util.OptionalInt::getAsInt)
            .max()
            .orElse(0);
    if (before.landing().filter(date::equals).isPresent()) {
      newest = Math.max(newest, before.landingHour().orElse(0));
    }
    return Math.min(newest, latest);
  }
}

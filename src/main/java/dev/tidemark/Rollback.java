package dev.tidemark;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.Interval;
import dev.tidemark.control.IntervalLedger;
import dev.tidemark.control.IntervalStatus;
import dev.tidemark.control.RunIds;
import dev.tidemark.control.RunLock;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.control.RunRecord.WatermarkMove;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.plan.RunMode;
import dev.tidemark.runtime.Tidemark;
import dev.tidemark.spark.SparkSessions;
import dev.tidemark.table.TargetTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code tidemark rollback}: undoes one run's publish with Delta {@code RESTORE} of the target to
 * the version before that run's MERGE, when no later run committed to the target (restoring would
 * undo theirs too). It is recorded as a run of mode {@code rollback}, in the usual order of writes:
 * run row "running", the RESTORE (tagged with the rollback's id), the landing dates the run read
 * marked unverified, the watermarks moved back, run row "succeeded". So the next run reads those
 * dates again, and a crash half way is closed by the repair step like any run's.
 */
public final class Rollback {
  /** The rollback cannot be done; the message says why and what to do instead. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /** The rollback's own run row, the run it undid, and the dates marked for another read. */
  public record Result(
      RunRecord rollback, RunRecord undone, long restoredTo, List<LocalDate> dates) {}

  private final SparkSession spark;
  private final TidemarkConfig config;
  private final PipelineConfig pipeline;
  private final Clock clock;
  private final ControlStore tables;

  public Rollback(SparkSession spark, TidemarkConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.pipeline = config.pipeline();
    this.clock = clock;
    this.tables = ControlStore.of(config.settings());
  }

  /**
   * @throws IllegalArgumentException the run id names no run of this pipeline that published
   * @throws Refused a later run committed to the target
   */
  @SuppressWarnings("try") // the lock is held for the block, never read
  public Result rollback(String runId) {
    tables.ensureExist(spark);
    RunLog runs = new RunLog(spark, tables);
    RunRecord run = undoable(runs, runId);
    String rollbackId = RunIds.next(clock);
    try (RunLock lock =
        RunLock.acquire(
            tables.locksPath(), pipeline.name(), rollbackId, config.settings().lock())) {
      TargetTable target = new TargetTable(spark, pipeline.target());
      TargetTable.Commit commit = lastCommitOf(run, target);
      return restore(run, commit, rollbackId, target, runs);
    }
  }

  /** The run to undo: one of this pipeline's runs, and not itself a rollback. */
  private RunRecord undoable(RunLog runs, String runId) {
    RunRecord run =
        runs.find(runId)
            .filter(r -> r.pipeline().equals(pipeline.name()))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Cannot roll back run "
                            + runId
                            + ": pipeline '"
                            + pipeline.name()
                            + "' has no such run; `tidemark history "
                            + pipeline.name()
                            + "` lists its runs"));
    if (run.mode() == RunMode.ROLLBACK) {
      throw new IllegalArgumentException(
          "Cannot roll back run "
              + runId
              + ": it is itself a rollback. Run the pipeline over "
              + run.rangeFrom()
              + ".."
              + run.rangeTo()
              + " again to publish those dates again");
    }
    return run;
  }

  /**
   * The run's commit to the target, when it is the target's last run commit.
   *
   * @throws Refused a later run committed to the target
   */
  private TargetTable.Commit lastCommitOf(RunRecord run, TargetTable target) {
    String runId = run.runId();
    TargetTable.Commit commit =
        target
            .findCommit(runId, Integer.MAX_VALUE)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Cannot roll back run "
                            + runId
                            + ": it made no commit to the target "
                            + pipeline.target()
                            + " (status "
                            + run.status().label()
                            + ", nothing new to publish or stopped before publish)"));
    List<String> later = laterCommits(commit.version(), runId);
    if (!later.isEmpty()) {
      throw new Refused(
          "Cannot roll back run "
              + runId
              + " of '"
              + pipeline.name()
              + "': later runs committed to its target since (restoring version "
              + (commit.version() - 1)
              + " would undo them too): "
              + String.join(", ", later)
              + ". Roll those back first, newest first, or run the pipeline again to correct"
              + " the data");
    }
    return commit;
  }

  /** The mode of a rollback's run row. */
  private Result restore(
      RunRecord run,
      TargetTable.Commit commit,
      String rollbackId,
      TargetTable target,
      RunLog runs) {
    Instant startedAt = clock.instant();
    long t0 = System.nanoTime();
    WatermarkStore watermarks = new WatermarkStore(spark, tables);
    Watermark before = watermarks.read(pipeline.name());
    long versionBefore = target.version().orElseThrow();
    long restoredTo = commit.version() - 1;
    RunRecord record = running(run, rollbackId, restoredTo, startedAt);
    runs.write(record);

    restoreTarget(rollbackId, restoredTo);
    long versionAfter = target.version().orElseThrow();
    List<LocalDate> dates = markUnverified(run, rollbackId);
    Watermark after = movedBack(before, run, dates, rollbackId);
    watermarks.write(pipeline.name(), after, clock.instant());

    Instant now = clock.instant();
    RunRecord done =
        new RunRecord(
            rollbackId,
            pipeline.name(),
            RunMode.ROLLBACK,
            run.rangeFrom(),
            run.rangeTo(),
            RunStatus.SUCCEEDED,
            record.error(),
            startedAt,
            Optional.of(now),
            Map.of("rollback", (System.nanoTime() - t0) / 1_000_000),
            run.plan(),
            Optional.empty(),
            Optional.of(
                new PublishCounts(true, 0, 0, 0, 0, 0, 0, 0, versionBefore, versionAfter, 0)),
            Optional.empty(),
            Optional.of(
                new WatermarkMove(
                    before.landing(),
                    after.landing(),
                    before.event(),
                    after.event(),
                    after.event().map(e -> Duration.between(e, now).toSeconds()),
                    before.landingHour(),
                    after.landingHour())),
            Tidemark.version(),
            run.configHash(),
            List.of(),
            Optional.empty());
    runs.write(done);
    return new Result(done, run, restoredTo, dates);
  }

  /** The rollback's run row while it runs, written before the RESTORE. */
  private RunRecord running(RunRecord run, String rollbackId, long restoredTo, Instant startedAt) {
    return new RunRecord(
        rollbackId,
        pipeline.name(),
        RunMode.ROLLBACK,
        run.rangeFrom(),
        run.rangeTo(),
        RunStatus.RUNNING,
        Optional.of("rolls back run " + run.runId() + ": target restored to version " + restoredTo),
        startedAt,
        Optional.empty(),
        Map.of(),
        // The rolled-back run's plan: the landing dates whose data this takes out, which the
        // repair step marks unverified should this process die after the RESTORE.
        run.plan(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Tidemark.version(),
        run.configHash(),
        List.of(),
        Optional.empty());
  }

  /**
   * The Delta RESTORE, tagged with the rollback's id in a child session (the tag is session-wide).
   */
  private void restoreTarget(String rollbackId, long restoredTo) {
    SparkSession tagged = SparkSessions.childOf(spark);
    tagged.conf().set("spark.databricks.delta.commitInfo.userMetadata", rollbackId);
    pipeline.target().delta(tagged).restoreToVersion(restoredTo);
  }

  /**
   * Marks the landing dates the undone run read as unverified, so the next run reads them again.
   *
   * @return those dates, oldest first
   */
  private List<LocalDate> markUnverified(RunRecord run, String rollbackId) {
    List<FolderPlan> read = run.plan().stream().filter(FolderPlan::isRead).toList();
    new IntervalLedger(spark, tables)
        .write(
            pipeline.name(),
            read.stream()
                .map(FolderPlan::folder)
                .map(
                    f ->
                        Interval.published(
                            pipeline.name(),
                            f,
                            IntervalStatus.UNVERIFIED,
                            run.configHash(),
                            rollbackId,
                            clock.instant(),
                            Map.of()))
                .toList());
    return read.stream().map(f -> f.folder().date()).sorted().toList();
  }

  /**
   * The watermarks as if the run had not published: the landing watermark before the first date it
   * read (so an incremental run's range reaches those dates again, whatever the lookback), the
   * event watermark no later than it was before the run (no later run committed to the target, so
   * nothing newer is left in it).
   */
  private static Watermark movedBack(
      Watermark current, RunRecord run, List<LocalDate> dates, String rollbackId) {
    Optional<LocalDate> landing = current.landing();
    Optional<Integer> hour = current.landingHour();
    if (!dates.isEmpty()) {
      LocalDate dayBefore = dates.get(0).minusDays(1);
      if (landing.filter(l -> l.isBefore(dayBefore)).isEmpty()) {
        landing = Optional.of(dayBefore);
        hour = hour.map(h -> 23); // an hourly layout's watermark: the day before, through its end
      }
    }
    Optional<Instant> event = current.event();
    Optional<WatermarkMove> moved = run.watermarks();
    if (moved.isPresent() && !moved.get().eventAfter().equals(moved.get().eventBefore())) {
      Optional<Instant> beforeRun = moved.get().eventBefore();
      event =
          beforeRun.isEmpty()
              ? Optional.empty()
              : event.map(e -> e.isAfter(beforeRun.get()) ? beforeRun.get() : e);
    }
    return new Watermark(landing, event, Optional.of(rollbackId), hour);
  }

  /** Run ids of the commits to the target after the given version, oldest first. */
  private List<String> laterCommits(long version, String runId) {
    return pipeline
        .target()
        .delta(spark)
        .history()
        .where(
            functions
                .col("version")
                .gt(version)
                .and(functions.col("userMetadata").isNotNull())
                .and(functions.col("userMetadata").notEqual(runId)))
        .orderBy("version")
        .collectAsList()
        .stream()
        .map(Rollback::describe)
        .distinct()
        .toList();
  }

  private static String describe(Row commit) {
    return commit.<String>getAs("userMetadata")
        + " (version "
        + commit.<Long>getAs("version")
        + ", "
        + commit.<String>getAs("operation")
        + ")";
  }
}

package dev.tidemark;

import dev.tidemark.audit.AuditStep;
import dev.tidemark.audit.QualityGates;
import dev.tidemark.commit.Closing;
import dev.tidemark.commit.CommitStep;
import dev.tidemark.commit.RunSoFar;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.CommitQueue;
import dev.tidemark.control.ControlCompaction;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.IntervalLedger;
import dev.tidemark.control.LateSearchRecord;
import dev.tidemark.control.Preflight;
import dev.tidemark.control.RunIds;
import dev.tidemark.control.RunLock;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunScope;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.Batches;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.plan.PlanStep;
import dev.tidemark.plan.Planner;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.publish.DryRun;
import dev.tidemark.publish.PublishStep;
import dev.tidemark.reconcile.ReconcileStep;
import dev.tidemark.runtime.RunListener;
import dev.tidemark.runtime.RunningRuns;
import dev.tidemark.runtime.StageClock;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.runtime.StageHooks.Point;
import dev.tidemark.runtime.StepTimes;
import dev.tidemark.source.QuarantineReplay;
import dev.tidemark.stage.ReplayRun;
import dev.tidemark.stage.StageStep;
import dev.tidemark.stage.Staged;
import dev.tidemark.table.TargetTable;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * One run of one pipeline over one range of landing dates, write-audit-publish:
 *
 * <pre>plan ─► stage ─► audit ─► publish ─► reconcile ─► commit</pre>
 *
 * <p>Each stage is a step of its own that takes the results of the steps before it and returns its
 * own; the run row is built from them. Extract, dedup and stage are one Spark pass (the stage
 * step). The order of writes is what makes any crash recoverable: run row "running", target MERGE
 * (tagged with the run id), interval ledger, watermarks last, run row "finished". A failure before
 * publish leaves the target and the watermarks as they were; a failure after it leaves the target
 * fully merged and the watermarks as they were, and the next run reads the range again.
 */
public final class Pipeline {
  private final SparkSession spark;
  private final TidemarkConfig config;
  private final PipelineConfig pipeline;
  private final Clock clock;
  private final RunListener listener;
  private final StageHooks hooks;
  private final ControlStore tables;
  private final Planner planner;

  public Pipeline(
      SparkSession spark,
      TidemarkConfig config,
      Clock clock,
      RunListener listener,
      StageHooks hooks) {
    this.spark = spark;
    this.config = config;
    this.pipeline = config.pipeline();
    this.clock = clock;
    this.listener = listener;
    this.hooks = hooks;
    this.tables = ControlStore.of(config.settings());
    this.planner = new Planner(clock, new FolderLister(spark.sparkContext().hadoopConfiguration()));
  }

  public Pipeline(SparkSession spark, TidemarkConfig config, Clock clock) {
    this(spark, config, clock, RunListener.SILENT, StageHooks.NONE);
  }

  /** What a run with these arguments would read, from the ledger as it is now. Writes nothing. */
  public RunPlan plan(Optional<DateRange> explicit) {
    return plan(RunRequest.of(explicit));
  }

  public RunPlan plan(RunRequest request) {
    Watermark watermark = new WatermarkStore(spark, tables).read(pipeline.name());
    return planStep().plan(planInput(request, watermark));
  }

  /**
   * The batches a run of {@code request} would take, from one listing of its range's folders (no
   * ledger read): one range when it fits a batch; none when an incremental run has no range to plan
   * (its run says why).
   */
  public List<DateRange> batches(RunRequest request) {
    Optional<DateRange> range;
    try {
      Watermark marks =
          request.range().isPresent()
              ? Watermark.NONE
              : new WatermarkStore(spark, tables).read(pipeline.name());
      range =
          request.range().isPresent()
              ? request.range()
              : planner.resolve(pipeline, Optional.empty(), marks.landing(), marks.landingHour());
    } catch (dev.tidemark.plan.PlanException e) {
      return List.of();
    }
    if (range.isEmpty()) {
      return List.of();
    }
    List<dev.tidemark.plan.LandingFolder> folders =
        new FolderLister(spark.sparkContext().hadoopConfiguration())
            .listNamed(pipeline.source().path(), pipeline.source().layout(), range.get());
    return Batches.of(range.get(), Batches.bytes(folders), pipeline.batch());
  }

  /** How much of a backfill one batch takes ({@code pipeline.batch}). */
  public dev.tidemark.config.BatchLimits batchLimits() {
    return pipeline.batch();
  }

  /** The pipeline's runs, newest first, at most {@code limit}; none before the first run. */
  public List<RunRecord> recentRuns(int limit) {
    return tables.runs().exists(spark)
        ? new RunLog(spark, tables).recent(pipeline.name(), limit)
        : List.of();
  }

  /** The hash of what shapes the target's content, as runs record it. */
  public String configHash() {
    return config.configHash();
  }

  /**
   * A run's plan, what its publish would do, counted from the files, and what its audit would
   * decide (the previous runs row_count compares with read from the runs log). Writes nothing.
   */
  public DryRun.Result dryRun(RunRequest request) {
    QualityGates.validate(spark, pipeline);
    return DryRun.of(spark, pipeline, plan(request), new RunLog(spark, tables), clock);
  }

  /** A backfill of {@code explicit} when present, else an incremental run. */
  public RunOutcome run(Optional<DateRange> explicit) {
    return run(RunRequest.of(explicit));
  }

  /**
   * Replays the pipeline's quarantine ({@code tidemark quarantine replay}): the rows not replayed
   * yet are parsed again with the configuration as it is now, those that parse are merged in a run
   * of mode {@code replay}, and the quarantine rows are marked. The watermarks move as after any
   * run that publishes (the landing watermark stays: no folder is read).
   */
  public RunOutcome replayQuarantine() {
    return run(RunRequest.quarantineReplay());
  }

  public RunOutcome run(RunRequest request) {
    StepTimes.timed("validate quality checks", () -> QualityGates.validate(spark, pipeline));
    StepTimes.timed("open control tables", () -> tables.ensureExist(spark));
    String runId = RunIds.next(clock);
    RunningRuns.started(runId);
    try (RunLock lock =
        StepTimes.timed(
            "lock",
            () ->
                RunLock.acquire(
                    tables.locksPath(), pipeline.name(), runId, config.settings().lock()))) {
      RunScope scope = scope(runId, lock);
      Watermark before = new Preflight(scope).run(!request.force() && !request.replay());
      Optional<QuarantineReplay> replay =
          request.replay()
              ? Optional.of(QuarantineReplay.of(spark, tables, pipeline))
              : Optional.empty();
      RunOutcome outcome = new Run(scope, request, replay).execute(before);
      if (!RunningRuns.stopping()) {
        StepTimes.timed(
            "compact control tables",
            () -> ControlCompaction.afterRun(spark, config.settings(), tables));
      }
      return outcome;
    } catch (Exception | Error e) { // Spark's checked exceptions are thrown undeclared
      // Before its run row: nothing of this run was written. Say that, not Spark's "job cancelled".
      if (RunningRuns.stopping()) {
        throw new IllegalStateException(
            "Run "
                + runId
                + " of '"
                + pipeline.name()
                + "' was stopped (SIGTERM or SIGINT) before it started writing: nothing was"
                + " changed",
            e);
      }
      throw e;
    } finally {
      RunningRuns.finished(runId);
    }
  }

  private RunScope scope(String runId, RunLock lock) {
    return new RunScope(
        runId,
        spark,
        config,
        tables,
        new TargetTable(spark, pipeline.target()),
        new RunLog(spark, tables),
        new IntervalLedger(spark, tables),
        new WatermarkStore(spark, tables),
        lock,
        clock,
        listener,
        hooks);
  }

  private PlanStep planStep() {
    return planStep(new IntervalLedger(spark, tables));
  }

  private PlanStep planStep(PlanStep.Published ledger) {
    return new PlanStep(
        pipeline,
        config.configHash(),
        planner,
        ledger,
        () -> new TargetTable(spark, pipeline.target()).exists());
  }

  private PlanStep.Input planInput(RunRequest request, Watermark watermark) {
    return new PlanStep.Input(
        request.range(),
        request.force(),
        watermark.landing(),
        watermark.landingHour(),
        request.batch(),
        request.range().isEmpty() && pipeline.lateFileSearchEvery().isPresent()
            ? lateSearch().read()
            : Optional.empty());
  }

  private LateSearchRecord lateSearch() {
    return new LateSearchRecord(
        spark.sparkContext().hadoopConfiguration(), tables.locksPath(), pipeline.name());
  }

  /** One run through its steps, the crash hooks between them. */
  private final class Run {
    private final RunScope scope;
    private final RunRequest request;
    private final Optional<QuarantineReplay> replay;
    private final Closing closing;

    /** The results of the steps finished so far: what the run row is built from. */
    private RunSoFar so;

    Run(RunScope scope, RunRequest request, Optional<QuarantineReplay> replay) {
      this.scope = scope;
      this.request = request;
      this.replay = replay;
      this.closing = new Closing(scope);
    }

    RunOutcome execute(Watermark before) {
      StageClock planClock = StageClock.start(listener, "plan");
      RunPlan plan =
          replay.isPresent()
              ? ReplayRun.plan(pipeline.name(), replay.get(), planner.today())
              : planStep(scope.reads()).plan(planInput(request, before));
      so =
          RunSoFar.planned(
              plan, clock.instant(), before, planClock.finish(PlanStep.describe(plan)));
      StepTimes.timed("write run row", () -> scope.runLog().start(closing.started(so)));
      try {
        hooks.reached(Point.AFTER_PLAN, scope.runId());
        so = so.withStaged(new StageStep(scope).stage(so.plan(), replay));
        hooks.reached(Point.AFTER_STAGE, scope.runId());
        so = so.withAudited(new AuditStep(scope).audit(so.staged().orElseThrow()));
        if (so.audited().rejects()) {
          RunRecord rejected = closing.rejected(so);
          return new RunOutcome.Rejected(
              rejected, so.audited().result().orElseThrow(), scope.stagingPath());
        }
        so = so.publishStarted();
        so = so.withPublished(new PublishStep(scope, request.allowEmpty()).publish(staged()));
        hooks.reached(Point.AFTER_PUBLISH, scope.runId());
        so = so.withReconciled(new ReconcileStep(scope, request.allowEmpty()).reconcile(staged()));
        hooks.reached(Point.AFTER_RECONCILE, scope.runId());
        replay.ifPresent(r -> r.mark(scope.runId(), clock.instant()));
        scope.lock().checkHeld();
        return CommitQueue.through(tables.location(), pipeline.name(), this::commit);
      } catch (Exception | Error e) { // Spark throws its checked AnalysisException undeclared
        return new RunOutcome.Failed(closing.failed(so, e), e);
      }
    }

    private RunOutcome commit() {
      so = new CommitStep(scope, planner.today()).commit(so);
      hooks.reached(Point.AFTER_WATERMARKS, scope.runId());
      RunRecord done = closing.committed(so);
      // Recorded once the run has finished: a run that fails after its search searches again.
      if (pipeline.lateFileSearchEvery().isPresent()) {
        so.plan().lateFiles().searchedAt().ifPresent(at -> lateSearch().write(at));
      }
      return done.status() == RunStatus.BREACHED
          ? new RunOutcome.Breached(done, so.reconciled().result())
          : new RunOutcome.Succeeded(done, so.reconciled().result());
    }

    private Staged staged() {
      return so.staged().orElseThrow();
    }
  }
}

package dev.tidemark;

import dev.tidemark.commit.CommitStep;
import dev.tidemark.commit.RunRows;
import dev.tidemark.commit.RunSoFar;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.QualityCheckType;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.KernelControlReads;
import dev.tidemark.control.KernelRunLog;
import dev.tidemark.control.LateSearchRecord;
import dev.tidemark.control.Preflight;
import dev.tidemark.control.RunIds;
import dev.tidemark.control.RunLock;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.TargetTrust;
import dev.tidemark.control.Watermark;
import dev.tidemark.kernel.KernelTables;
import dev.tidemark.kernel.KernelTarget;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.plan.PlanStep;
import dev.tidemark.plan.Planner;
import dev.tidemark.plan.RunMode;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.publish.PublishStep;
import dev.tidemark.runtime.RunListener;
import dev.tidemark.runtime.RunningRuns;
import dev.tidemark.runtime.StageClock;
import dev.tidemark.runtime.StepTimes;
import dev.tidemark.stage.StageResult;
import dev.tidemark.stage.Staged;
import dev.tidemark.stage.VerifiedFiles;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An incremental run that finds nothing new, done without starting Spark: through Delta Kernel it
 * takes the same lock, makes the same checks (target trusted, no dead run to repair, old staging
 * cleaned), plans the same way, and writes the same run row as a run with Spark, in one append to
 * the runs table. Orchestrators start hundreds of such runs a day; each costs seconds, not Spark's
 * start (decision 0022).
 *
 * <p>Whenever the run would write anything but its row, or needs Spark to check something, it stops
 * before writing and says so, and the caller runs it with Spark: a dead run to repair, files to
 * read, a folder to record, a watermark to move, a snapshot pipeline that deletes what is missing,
 * quality checks written as SQL (only Spark can check them), control tables this Tidemark has not
 * created or migrated yet.
 */
public final class NothingNewRun {
  private static final Logger LOG = LoggerFactory.getLogger(NothingNewRun.class);

  private final TidemarkConfig config;
  private final PipelineConfig pipeline;
  private final Clock clock;
  private final RunListener listener;
  private final KernelTables kernel;
  private final ControlStore tables;

  public NothingNewRun(
      TidemarkConfig config, Clock clock, RunListener listener, KernelTables kernel) {
    this.config = config;
    this.pipeline = config.pipeline();
    this.clock = clock;
    this.listener = listener;
    this.kernel = kernel;
    this.tables = ControlStore.of(config.settings());
  }

  /**
   * The finished run, or empty when it needs Spark; then nothing was written but the deletion of
   * staging tables older than their retention, which any run does first.
   */
  public Optional<RunOutcome> run() {
    Optional<String> needsSpark = needsSpark();
    if (needsSpark.isPresent()) {
      return withSpark(needsSpark.get());
    }
    String runId = RunIds.next(clock);
    RunningRuns.started(runId);
    // The lock first: every read below sees the control tables as no other run is changing them.
    try (RunLock lock =
        StepTimes.timed(
            "lock",
            () ->
                RunLock.acquire(
                    tables.locksPath(),
                    pipeline.name(),
                    runId,
                    config.settings().lock(),
                    kernel::hadoop))) {
      return run(runId, lock);
    } finally {
      RunningRuns.finished(runId);
    }
  }

  private Optional<RunOutcome> run(String runId, RunLock lock) {
    KernelControlReads reads = new KernelControlReads(kernel, tables);
    KernelRunLog runs = new KernelRunLog(kernel, tables);
    String name = pipeline.name();
    Optional<String> stale =
        StepTimes.timed(
            "check control tables",
            () ->
                runs.current()
                        && kernel.exists(tables.watermarks().path())
                        && kernel.exists(tables.intervals().path())
                    ? Optional.<String>empty()
                    : Optional.of(
                        "the control tables are to be created or brought up to this version"));
    if (stale.isPresent()) {
      return withSpark(stale.get());
    }
    // Preflight, as a run with Spark makes it: before anything is written.
    StepTimes.timed(
        "check target",
        () ->
            TargetTrust.require(
                new KernelTarget(kernel, pipeline.target().path().orElseThrow()), reads, name));
    if (!StepTimes.timed("find dead runs", () -> reads.unfinished(name)).isEmpty()) {
      return withSpark("a run that died is to be repaired");
    }
    Optional<Looked> looked = StepTimes.timed("look", () -> look(reads, runId));
    if (looked.isEmpty()) {
      return Optional.empty();
    }
    StepTimes.timed(
        "clean staging",
        () -> Preflight.deleteOldStaging(kernel.hadoop(), tables, config, clock.instant()));
    RunPlan plan = looked.get().plan();
    long planMillis = looked.get().planClock().finish(PlanStep.describe(plan));
    listener.stageFinished("plan", planMillis, PlanStep.describe(plan));
    RunSoFar so =
        RunSoFar.planned(plan, looked.get().startedAt(), looked.get().before(), planMillis);
    listener.stageFinished("stage", 0, "nothing new to read");
    so =
        so.withStaged(
            new Staged(
                plan,
                StageResult.empty(tables.stagingPath(name, runId)),
                VerifiedFiles.none(),
                Optional.empty(),
                Optional.empty()));
    listener.stageFinished("publish", 0, "nothing to publish");
    String target = pipeline.target().path().orElseThrow();
    so =
        so.publishStarted()
            .withPublished(
                PublishStep.nothing(
                    0,
                    kernel.version(target).orElse(-1L),
                    kernel.state(target).map(KernelTables.TableState::id)));
    so = CommitStep.nothing(so, clock, listener);
    RunRows rows = new RunRows(runId, config, clock, window -> reads.recentRuns(name, window));
    RunSoFar finished = so;
    RunRecord done = StepTimes.timed("judge", () -> rows.committed(finished));
    lock.checkHeld();
    StepTimes.timed("write run row", () -> runs.write(done));
    if (pipeline.lateFileSearchEvery().isPresent()) {
      plan.lateFiles().searchedAt().ifPresent(at -> lateSearch().write(at));
    }
    return Optional.of(
        done.status() == RunStatus.BREACHED
            ? new RunOutcome.Breached(done, Optional.empty())
            : new RunOutcome.Succeeded(done, Optional.empty()));
  }

  private LateSearchRecord lateSearch() {
    return new LateSearchRecord(kernel.hadoop(), tables.locksPath(), pipeline.name());
  }

  /** What the plan found, when the run stays without Spark. */
  private record Looked(RunPlan plan, Watermark before, StageClock planClock, Instant startedAt) {}

  /**
   * The watermarks and the plan: empty, said why at debug level, when the run would write more than
   * its row.
   */
  private Optional<Looked> look(KernelControlReads reads, String runId) {
    String name = pipeline.name();
    Watermark before = reads.watermark(name);
    // Silent until the plan says the run stays here: a run handed to Spark plans again and prints
    // its own plan line.
    StageClock planClock = StageClock.start(RunListener.SILENT, "plan");
    Instant startedAt = clock.instant();
    Planner planner = new Planner(clock, new FolderLister(kernel.hadoop()));
    PlanStep step =
        new PlanStep(
            pipeline,
            config.configHash(),
            planner,
            reads,
            () -> kernel.exists(pipeline.target().path().orElseThrow()));
    RunPlan plan =
        step.plan(
            new PlanStep.Input(
                Optional.empty(),
                false,
                before.landing(),
                before.landingHour(),
                Optional.empty(),
                pipeline.lateFileSearchEvery().isPresent()
                    ? lateSearch().read()
                    : Optional.empty()));
    Optional<String> writes = writes(plan);
    if (writes.isPresent()) {
      return withSpark(writes.get());
    }
    Watermark after =
        CommitStep.advance(
            pipeline,
            RunSoFar.planned(plan, startedAt, before, 0),
            before,
            planner.now(),
            runId,
            reads.intervals(name));
    if (after.movedFrom(before)) {
      return withSpark("the watermarks move");
    }
    return Optional.of(new Looked(plan, before, planClock, startedAt));
  }

  /** Why this run needs Spark whatever its tables hold, if it does: from its configuration. */
  private Optional<String> needsSpark() {
    if (pipeline.quality().checks().stream()
        .anyMatch(c -> c.type() == QualityCheckType.EXPRESSION)) {
      return Optional.of("quality checks written as SQL are checked by Spark");
    }
    if (pipeline.deletes().deleteMissing()) {
      return Optional.of("a snapshot pipeline that deletes missing keys publishes through Spark");
    }
    return Optional.empty();
  }

  /** What the plan would have a run write besides its row, if anything. */
  private static Optional<String> writes(RunPlan plan) {
    if (plan.mode() != RunMode.INCREMENTAL) {
      return Optional.of("it is not an incremental run");
    }
    if (!plan.filesToRead().isEmpty()) {
      return Optional.of("there are files to read");
    }
    boolean recorded =
        plan.folders().stream()
            .anyMatch(
                f ->
                    f.action() == FolderAction.READ_ALL
                        || f.action() == FolderAction.READ_NEW_FILES);
    return recorded ? Optional.of("landing folders are to be recorded") : Optional.empty();
  }

  private <T> Optional<T> withSpark(String why) {
    LOG.debug("The run of {} starts Spark: {}", pipeline.name(), why);
    return Optional.empty();
  }
}

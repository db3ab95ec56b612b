package dev.tidemark;

import dev.tidemark.audit.AuditResult;
import dev.tidemark.audit.AuditSpec;
import dev.tidemark.audit.QualityGates;
import dev.tidemark.audit.QualityStore;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.ledger.CommitGate;
import dev.tidemark.ledger.ConflictRetry;
import dev.tidemark.ledger.ControlTables;
import dev.tidemark.ledger.Interval;
import dev.tidemark.ledger.IntervalLedger;
import dev.tidemark.ledger.IntervalStatus;
import dev.tidemark.ledger.Repair;
import dev.tidemark.ledger.RunLock;
import dev.tidemark.ledger.RunLog;
import dev.tidemark.ledger.RunRecord;
import dev.tidemark.ledger.RunRecord.PublishCounts;
import dev.tidemark.ledger.RunRecord.ReconcileCounts;
import dev.tidemark.ledger.RunRecord.StageCounts;
import dev.tidemark.ledger.RunRecord.WatermarkMove;
import dev.tidemark.ledger.RunStatus;
import dev.tidemark.ledger.StagingArea;
import dev.tidemark.ledger.Watermark;
import dev.tidemark.ledger.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.plan.LandingFolder;
import dev.tidemark.plan.PlanException;
import dev.tidemark.plan.Planner;
import dev.tidemark.plan.ProcessedFolder;
import dev.tidemark.plan.PublishedDigest;
import dev.tidemark.plan.RunMode;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.publish.DeleteContext;
import dev.tidemark.publish.FileDigests;
import dev.tidemark.publish.HeldRows;
import dev.tidemark.publish.MergeExecutor;
import dev.tidemark.publish.MergeResult;
import dev.tidemark.publish.MergeSpec;
import dev.tidemark.publish.StageResult;
import dev.tidemark.publish.Stager;
import dev.tidemark.publish.Staging;
import dev.tidemark.publish.TargetDrift;
import dev.tidemark.publish.TargetTable;
import dev.tidemark.publish.Tombstones;
import dev.tidemark.reconcile.ReconcileResult;
import dev.tidemark.reconcile.ReconcileSpec;
import dev.tidemark.reconcile.Reconciler;
import dev.tidemark.reconcile.ReconciliationStore;
import dev.tidemark.reconcile.Reference;
import dev.tidemark.report.ThresholdBreach;
import dev.tidemark.report.Thresholds;
import dev.tidemark.source.DriftReport;
import dev.tidemark.source.QuarantineCeiling;
import dev.tidemark.source.QuarantineReplay;
import dev.tidemark.source.QuarantineStore;
import dev.tidemark.source.SchemaDrift;
import dev.tidemark.spark.SideTask;
import dev.tidemark.table.DeltaLogs;
import dev.tidemark.table.UnreadableLogException;
import dev.tidemark.transform.Columns;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one pipeline over one range of landing dates, write-audit-publish:
 *
 * <pre>plan ─► extract ─► dedup ─► stage ─► audit ─► publish ─► reconcile ─► commit</pre>
 *
 * <p>Extract, dedup and stage are one Spark pass (the "stage" step). The order of writes is what
 * makes any crash recoverable: run row "running", target MERGE (tagged with the run id), interval
 * ledger, watermarks last, run row "finished". A failure before publish leaves the target and the
 * watermarks as they were; a failure after it leaves the target fully merged and the watermarks as
 * they were, and the next run reads the range again.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /** Runs in progress in this JVM: the repair step must not close them. */
  private final SparkSession spark;

  private final TidemarkConfig config;
  private final PipelineConfig pipeline;
  private final Clock clock;
  private final RunListener listener;
  private final StageHooks hooks;
  private final ControlTables tables;
  private final Planner planner;
  private final ConflictRetry conflicts;

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
    this.tables = ControlTables.of(config.settings());
    this.conflicts = new ConflictRetry(config.settings().conflicts());
    this.planner = new Planner(clock, new FolderLister(spark.sparkContext().hadoopConfiguration()));
  }

  /** The ids of the runs going on in this JVM now: their staging tables are in use. */
  public static Set<String> activeRuns() {
    return RunningRuns.ids();
  }

  public Pipeline(SparkSession spark, TidemarkConfig config, Clock clock) {
    this(spark, config, clock, RunListener.SILENT, StageHooks.NONE);
  }

  /** What a run with these arguments would read, from the ledger as it is now. Writes nothing. */
  public RunPlan plan(Optional<DateRange> explicit) {
    return plan(explicit, false);
  }

  /** The plan of a run; forced, it reads every file in range whatever the ledger says. */
  public RunPlan plan(Optional<DateRange> explicit, boolean force) {
    Watermark watermark = new WatermarkStore(spark, tables).read(pipeline.name());
    return planWith(explicit, watermark, force);
  }

  /** A run's plan and what its publish would do, counted from the files. Writes nothing. */
  public record DryRunResult(
      RunPlan plan, long rowsRead, long rowsQuarantined, MergeExecutor.Classification changes) {}

  public DryRunResult dryRun(Optional<DateRange> explicit) {
    return dryRun(explicit, false);
  }

  public DryRunResult dryRun(Optional<DateRange> explicit, boolean force) {
    RunPlan plan = plan(explicit, force);
    List<SourceFile> files = plan.filesToRead();
    if (files.isEmpty()) {
      return new DryRunResult(plan, 0, 0, new MergeExecutor.Classification(0, 0, 0, 0, 0));
    }
    List<String> compared = new java.util.ArrayList<>(pipeline.keys());
    compared.addAll(pipeline.sequence());
    compared.add(Columns.ROW_HASH);
    List<Column> batchColumns = new java.util.ArrayList<>(List.of(Columns.cols(compared)));
    batchColumns.add(pipeline.deletes().isTombstone().as(MergeExecutor.DELETE));
    TargetDrift.check(spark, pipeline);
    SchemaDrift.check(spark, pipeline, files);
    Observation read = new Observation("tidemark_dry_run");
    TargetTable target = new TargetTable(spark, pipeline.target());
    Dataset<Row> batch =
        Stager.dedupedBatch(spark, pipeline, files, read, target.rowHashVersion())
            .where(functions.col(Columns.REJECT_REASON).isNull())
            .select(batchColumns.toArray(Column[]::new));
    Dataset<Row> current =
        target.exists()
            ? target.read().select(Columns.cols(compared))
            : batch.limit(0).drop(MergeExecutor.DELETE);
    MergeExecutor.Classification changes =
        MergeExecutor.classify(batch, current, pipeline.keys(), pipeline.sequence());
    Map<String, Object> counts = Stager.metrics(read);
    return new DryRunResult(
        plan, Stager.count(counts, "rows_read"), Stager.count(counts, "rows_quarantined"), changes);
  }

  public RunOutcome run(Optional<DateRange> explicit) {
    return run(explicit, false);
  }

  /**
   * Runs the pipeline over the explicit range (a backfill) or incrementally; forced, every file in
   * range is read again (rows the target already holds are still not rewritten).
   */
  public RunOutcome run(Optional<DateRange> explicit, boolean force) {
    return run(explicit, force, false);
  }

  /**
   * As above; with {@code allowEmpty}, a snapshot pipeline may empty a partition whose folder is
   * empty or missing now ({@code run --allow-empty}).
   */
  public RunOutcome run(Optional<DateRange> explicit, boolean force, boolean allowEmpty) {
    return run(explicit, force, false, allowEmpty);
  }

  /**
   * Replays the pipeline's quarantine ({@code tidemark quarantine replay}): the rows not replayed
   * yet are parsed again with the configuration as it is now, those that parse are merged in a run
   * of mode {@code replay}, and the quarantine rows are marked. The watermarks move as after any
   * run that publishes (the landing watermark stays: no folder is read).
   */
  public RunOutcome replayQuarantine() {
    return run(Optional.empty(), false, true, false);
  }

  private RunOutcome run(
      Optional<DateRange> explicit, boolean force, boolean replay, boolean allowEmpty) {
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
      RunLog runLog = new RunLog(spark, tables);
      WatermarkStore watermarks = new WatermarkStore(spark, tables);
      IntervalLedger ledger = new IntervalLedger(spark, tables);
      TargetTable target = new TargetTable(spark, pipeline.target());
      // Repair never writes the watermarks (it reads them, and writes runs and intervals), and no
      // other run of this pipeline writes them while the lock is held: they are read beside it.
      SideTask<Watermark> before =
          SideTask.start(
              "read watermarks",
              () -> StepTimes.timed("read watermarks", () -> watermarks.read(pipeline.name())));
      Optional<QuarantineReplay> replaying;
      try {
        if (!force && !replay) {
          // Before anything is written: a target changed behind the runs' back stops the run.
          StepTimes.timed(
              "check target", () -> TargetTrust.require(target, runLog, ledger, pipeline.name()));
        }
        StepTimes.timed(
            "repair",
            () ->
                new Repair(runLog, watermarks, ledger, clock)
                    .repair(
                        pipeline.name(),
                        RunningRuns.ids(),
                        id ->
                            target
                                .findCommit(id, MergeExecutor.HISTORY_DEPTH)
                                .map(TargetTable.Commit::version)));
        StepTimes.timed("clean staging", this::cleanStaging);
        replaying =
            replay ? Optional.of(QuarantineReplay.of(spark, tables, pipeline)) : Optional.empty();
      } catch (Exception | Error e) { // Spark's checked exceptions are thrown undeclared
        before.awaitAfter(e);
        throw e;
      }
      return new Run(runId, lock, runLog, watermarks, ledger, target, replaying, allowEmpty)
          .execute(explicit, before.result(), force);
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

  /** Staging tables that failed or killed runs left, once older than the retention. */
  private void cleanStaging() {
    List<StagingArea.Leftover> deleted =
        new StagingArea(spark.sparkContext().hadoopConfiguration(), tables)
            .clean(
                pipeline.name(),
                config.settings().housekeeping().stagingRetention(),
                clock.instant(),
                RunningRuns.ids());
    for (StagingArea.Leftover leftover : deleted) {
      LOG.info(
          "Deleted the staging table of run {} ({}), last written {}",
          leftover.runId(),
          Bytes.human(leftover.bytes()),
          leftover.lastWritten());
    }
  }

  private RunPlan planWith(Optional<DateRange> explicit, Watermark watermark, boolean force) {
    DateRange range =
        planner
            .resolve(pipeline, explicit, watermark.landing())
            .orElseThrow(
                () ->
                    new PlanException(
                        "Cannot plan an incremental run of '"
                            + pipeline.name()
                            + "': its landing watermark "
                            + watermark.landing().orElseThrow()
                            + " minus the lookback is after today ("
                            + planner.today()
                            + "). Check the clock, or run a backfill with --from and --to"));
    RunMode mode =
        force ? RunMode.FORCED : explicit.isPresent() ? RunMode.BACKFILL : RunMode.INCREMENTAL;
    // Only verified dates let an incremental run skip files: unverified ones are read again. A
    // target that is gone (dropped, or a new path) holds nothing the ledger says it does. An
    // incremental run also looks for late files in every folder published before its range.
    List<Interval> published =
        !new TargetTable(spark, pipeline.target()).exists()
            ? List.of()
            : mode == RunMode.INCREMENTAL
                ? new IntervalLedger(spark, tables).all(pipeline.name())
                : new IntervalLedger(spark, tables).read(pipeline.name(), range);
    Map<LocalDate, ProcessedFolder> processed = processed(published, range::contains);
    Map<LocalDate, ProcessedFolder> older = processed(published, d -> d.isBefore(range.from()));
    return planner.plan(pipeline, mode, range, config.configHash(), processed, older);
  }

  private static Map<LocalDate, ProcessedFolder> processed(
      List<Interval> published, java.util.function.Predicate<LocalDate> dates) {
    return published.stream()
        .filter(i -> i.status() == IntervalStatus.PROCESSED && dates.test(i.landingDate()))
        .collect(
            Collectors.toMap(
                Interval::landingDate,
                i ->
                    new ProcessedFolder(
                        i.landingDate(),
                        i.fingerprint(),
                        i.files(),
                        i.configHash(),
                        i.runId(),
                        i.digests())));
  }

  /** One run's state as it moves through the stages. */
  private final class Run {
    private final String runId;
    private final RunLock lock;
    private final RunLog runLog;
    private final WatermarkStore watermarks;
    private final IntervalLedger ledger;
    private final TargetTable target;
    private final Instant startedAt;
    private final Map<String, Long> stageMs = new LinkedHashMap<>();
    private RunPlan plan;
    private Optional<StageResult> staged = Optional.empty();

    /** The files a forced rerun found as published and left out of the stage pass. */
    private ForcedVerification.Result verified = ForcedVerification.Result.none();

    /** The target rows a forced rerun leaves out of staging when unchanged (see HeldRows). */
    private Optional<Dataset<Row>> held = Optional.empty();

    private Optional<AuditResult> audited = Optional.empty();
    private Optional<MergeResult> merged = Optional.empty();

    /** Set as the MERGE starts: from then on the target may hold this run's rows. */
    private boolean mergeStarted;

    /** The target's Delta table id as this run's publish left it, for the next run's check. */
    private Optional<String> tableId = Optional.empty();

    private Optional<ReconcileResult> reconciled = Optional.empty();
    private Optional<WatermarkMove> watermarkMove = Optional.empty();
    private boolean watermarksMoved;
    private final Optional<QuarantineReplay> replay;
    private final boolean allowEmpty;

    Run(
        String runId,
        RunLock lock,
        RunLog runLog,
        WatermarkStore watermarks,
        IntervalLedger ledger,
        TargetTable target,
        Optional<QuarantineReplay> replay,
        boolean allowEmpty) {
      this.replay = replay;
      this.allowEmpty = allowEmpty;
      this.runId = runId;
      this.lock = lock;
      this.runLog = runLog;
      this.watermarks = watermarks;
      this.ledger = ledger;
      this.target = target;
      this.startedAt = clock.instant();
    }

    RunOutcome execute(Optional<DateRange> explicit, Watermark before, boolean force) {
      listener.stageStarted("plan");
      long t0 = System.nanoTime();
      plan =
          replay.isPresent()
              ? QuarantineReplays.plan(pipeline.name(), replay.get(), planner.today())
              : planWith(explicit, before, force);
      finished("plan", t0, describePlan(plan));
      StepTimes.timed(
          "write run row", () -> runLog.start(record(RunStatus.RUNNING, Optional.empty())));
      try {
        hooks.reached(StageHooks.Point.AFTER_PLAN, runId);
        stage();
        hooks.reached(StageHooks.Point.AFTER_STAGE, runId);
        if (audit()) {
          return reject(before);
        }
        publish();
        hooks.reached(StageHooks.Point.AFTER_PUBLISH, runId);
        reconcile();
        hooks.reached(StageHooks.Point.AFTER_RECONCILE, runId);
        replay.ifPresent(r -> r.mark(runId, clock.instant()));
        return commit();
      } catch (Exception | Error e) { // Spark throws its checked AnalysisException undeclared
        return fail(e, before);
      }
    }

    private void stage() {
      String stagingPath = tables.stagingPath(pipeline.name(), runId);
      if (replay.isPresent()) {
        listener.stageStarted("stage");
        long t0 = System.nanoTime();
        StageResult result =
            Stager.stage(pipeline, replay.get().extracted(), stagingPath, target.rowHashVersion());
        staged = Optional.of(result);
        finished("stage", t0, QuarantineReplays.describe(result));
        return;
      }
      if (plan.filesToRead().isEmpty()) {
        staged = Optional.of(StageResult.empty(stagingPath));
        listener.stageFinished("stage", 0, "nothing new to read");
        return;
      }
      listener.stageStarted("stage");
      long t0 = System.nanoTime();
      verified =
          plan.mode() == RunMode.FORCED
              ? StepTimes.timed(
                  "stage: verify files",
                  () -> ForcedVerification.check(spark, pipeline, plan, target, runLog))
              : ForcedVerification.Result.none();
      plan = plan.withoutVerified(verified.paths());
      List<SourceFile> files = plan.filesToRead();
      if (files.isEmpty()) {
        staged = Optional.of(StageResult.empty(stagingPath));
        finished("stage", t0, "nothing to merge" + verified.summary());
        return;
      }
      hooks.reached(StageHooks.Point.DURING_STAGE, runId);
      held = heldRows();
      // Before anything is read: a target that cannot take the columns fails the run here.
      List<String> added =
          StepTimes.timed("stage: target drift", () -> TargetDrift.check(spark, pipeline));
      // The files' drift is checked beside the stage pass, whose writes only this run sees: a
      // drift the policy refuses fails the run before quarantine or publish.
      DriftBesideStage.Checked<StageResult> checked =
          DriftBesideStage.run(
              spark.sparkContext(),
              () -> StepTimes.timed("stage: source drift", this::checkSourceDrift),
              () ->
                  StepTimes.timed(
                      "stage: read, dedup, write",
                      () ->
                          Stager.stage(
                              spark, pipeline, files, stagingPath, target.rowHashVersion(), held)));
      DriftReport drift = new DriftReport(added, checked.ignoredColumns());
      StageResult result = checked.staged();
      String quarantined = "";
      if (result.rowsQuarantined() > 0) {
        Dataset<Row> rejected = Staging.rejectedRows(spark, stagingPath);
        new QuarantineStore(tables).write(pipeline.name(), runId, rejected, clock.instant());
        quarantined = "; quarantined: " + QuarantineStore.countsByKind(rejected, 5);
      }
      staged = Optional.of(result);
      StageCounts counts = stageCounts(result, verified);
      finished(
          "stage",
          t0,
          String.format(
                  "%,d rows read, %,d quarantined, %,d duplicates removed (%,d exact copies, %,d"
                      + " older versions), %,d staged",
                  counts.rowsRead(),
                  counts.rowsQuarantined(),
                  counts.duplicatesRemoved(),
                  counts.exactDuplicates(),
                  counts.duplicatesRemoved() - counts.exactDuplicates(),
                  counts.rowsStaged())
              + (result.rowsUnchanged() > 0
                  ? String.format(
                      " (%,d already in the target as they are, not written)",
                      result.rowsUnchanged())
                  : "")
              + quarantined
              + drift.summary()
              + verified.summary());
      QuarantineCeiling.check(pipeline.quarantine(), result.rowsRead(), result.rowsQuarantined());
    }

    /**
     * What a forced rerun leaves out of staging: the target's rows from the landing dates it reads
     * (see {@link HeldRows}). A pipeline with quality checks stages every row, so its checks judge
     * the whole batch (a forced rerun is how a range is checked again) and a rejected run keeps it
     * for inspection; a snapshot pipeline too, as its staged keys decide what the snapshot lost.
     */
    private Optional<Dataset<Row>> heldRows() {
      if (!plan.mode().readsEverything()
          || !pipeline.quality().checks().isEmpty()
          || pipeline.deletes().snapshot()) {
        return Optional.empty();
      }
      List<LocalDate> dates =
          plan.folders().stream()
              .filter(f -> !f.toRead().isEmpty())
              .map(f -> f.folder().date())
              .toList();
      return HeldRows.of(target, pipeline, dates);
    }

    /** The landing dates a forced rerun parsed: read through the stage pass, or verified. */
    private List<LocalDate> parsedDates() {
      return plan.folders().stream()
          .filter(f -> !f.toRead().isEmpty() || f.action() == FolderAction.VERIFIED)
          .map(f -> f.folder().date())
          .toList();
    }

    /**
     * The files' drift, except in files published before under this configuration: their columns
     * were checked then, and a forced rerun need not scan them again.
     */
    private List<String> checkSourceDrift() {
      List<SourceFile> unchecked = plan.filesNotPublishedBefore();
      return unchecked.isEmpty() ? List.of() : SchemaDrift.check(spark, pipeline, unchecked);
    }

    /** Runs the quality gates on the staged batch; true when an error-severity check failed. */
    private boolean audit() {
      StageResult s = staged.orElseThrow();
      if (pipeline.quality().checks().isEmpty() || plan.filesToRead().isEmpty()) {
        return false;
      }
      listener.stageStarted("audit");
      long t0 = System.nanoTime();
      AuditResult result =
          QualityGates.audit(
              new AuditSpec(
                  pipeline,
                  QualityGates.batch(spark, pipeline, s.stagingPath(), s.rowsToPublish()),
                  s.rowsStaged(),
                  QualityGates.readsWholeRange(plan.folders()),
                  s.eventMax(),
                  () ->
                      QualityGates.previousOfRange(
                          runLog.recent(pipeline.name(), 200), runId, plan.range()),
                  clock.instant()));
      new QualityStore(spark, tables)
          .write(runId, pipeline.name(), plan.range(), clock.instant(), result);
      audited = Optional.of(result);
      finished("audit", t0, result.summary());
      return result.blocks();
    }

    /** An error check failed: nothing is published, the staging table stays for inspection. */
    private RunOutcome reject(Watermark before) {
      AuditResult result = audited.orElseThrow();
      watermarkMove = Optional.of(move(before, before));
      String stagingPath = tables.stagingPath(pipeline.name(), runId);
      RunRecord rejected =
          record(RunStatus.REJECTED, Optional.of(result.rejection(stagingPath)))
              .withBreaches(result.breaches());
      runLog.write(rejected);
      return new RunOutcome.Rejected(rejected, result, stagingPath);
    }

    private void publish() {
      StageResult s = staged.orElseThrow();
      if (s.rowsToPublish() == 0 && !pipeline.deletes().deleteMissing()) {
        long version = target.version().orElse(-1L);
        merged =
            Optional.of(
                new MergeResult(false, 0, 0, 0, s.rowsUnchanged(), 0, 0, 0, version, version));
        tableId = target.identity().map(TargetTable.Identity::id);
        listener.stageFinished("publish", 0, "nothing to publish");
        return;
      }
      if (s.rowsToPublish() > 0 && !new TargetTable(spark, s.stagingPath()).exists()) {
        throw new IllegalStateException(
            "The staging table of run "
                + runId
                + " is gone ("
                + s.stagingPath()
                + "): it held the "
                + s.rowsToPublish()
                + " rows this run staged, and nothing was published. Was it deleted by hand or"
                + " by another process? Run the same command again");
      }
      listener.stageStarted("publish");
      long t0 = System.nanoTime();
      lock.checkHeld();
      hooks.reached(StageHooks.Point.BEFORE_MERGE, runId);
      mergeStarted = true;
      // Another run of this JVM may commit to the target meanwhile; when its files overlap what
      // this MERGE read, Delta fails this one, and it is done again on the new version.
      MergeResult result =
          conflicts.call(
              "publish run " + runId + " to " + pipeline.target(),
              () ->
                  MergeExecutor.publish(spark, MergeSpec.of(pipeline, runId, s), deleteContext())
                      .plusUnchanged(s.rowsUnchanged()));
      merged = Optional.of(result);
      tableId = target.identity().map(TargetTable.Identity::id);
      finished(
          "publish",
          t0,
          String.format(
              "%,d inserted, %,d updated, %,d deleted, %,d unchanged, %,d older than the target;"
                  + "%s %s",
              result.inserted(),
              result.updated(),
              result.deleted(),
              result.unchanged(),
              result.stale(),
              MergeResult.nothingToDelete(result.nothingToDelete()),
              result.merged()
                  ? "target version " + result.versionBefore() + " -> " + result.versionAfter()
                  : "nothing new, no MERGE, target version stays " + result.versionBefore()));
    }

    private DeleteContext deleteContext() {
      return new DeleteContext(
          pipeline.deletes(), Optional.of(tables), clock.instant(), allowEmpty, plan.folders());
    }

    private void reconcile() {
      StageResult s = staged.orElseThrow();
      boolean golden = pipeline.reconcile().golden().isPresent();
      // Against the staged batch, the scope is what was staged. Against a golden source it is
      // everything a forced rerun parsed: the rows it left out as unchanged and the files it found
      // as published are checked too, by the target's keys from their landing dates.
      boolean leftOut =
          golden && (held.isPresent() && s.rowsUnchanged() > 0 || !verified.paths().isEmpty());
      if (s.rowsToPublish() == 0 && !leftOut) {
        return;
      }
      Column[] keys = Columns.cols(pipeline.keys());
      Optional<Dataset<Row>> parsedKeys =
          leftOut
              ? HeldRows.of(target, pipeline, parsedDates()).map(d -> d.select(keys))
              : Optional.empty();
      Dataset<Row> scope =
          s.rowsToPublish() == 0
              ? parsedKeys.orElseThrow()
              : parsedKeys
                  .map(k -> Staging.validRows(spark, s.stagingPath()).select(keys).unionByName(k))
                  .orElseGet(() -> Staging.validRows(spark, s.stagingPath()));
      // The partitions the stage pass saw leave out those of files found as published.
      Column targetScope =
          verified.paths().isEmpty()
              ? MergeExecutor.partitionScope(MergeSpec.of(pipeline, runId, s), null)
              : functions.lit(true);
      listener.stageStarted("reconcile");
      long t0 = System.nanoTime();
      Optional<LocalDate> asOf = golden ? Optional.of(newestPublished()) : Optional.empty();
      ReconcileResult result =
          Reconciler.reconcile(
              spark,
              new ReconcileSpec(
                  pipeline,
                  pipeline.target(),
                  golden ? Reference.GOLDEN : Reference.STAGED,
                  asOf,
                  "batch",
                  Optional.of(scope),
                  Optional.of(targetScope),
                  Optional.of(s.stagingPath()),
                  Tombstones.rememberedFor(
                      spark, MergeSpec.of(pipeline, runId, s), deleteContext())));
      hooks.reached(StageHooks.Point.DURING_RECONCILE, runId);
      new ReconciliationStore(spark, tables).write(runId, pipeline.name(), clock.instant(), result);
      reconciled = Optional.of(result);
      finished(
          "reconcile",
          t0,
          String.format(
              "%s%s: %,d missing, %,d extra, %,d mismatched, %,d duplicate keys%s",
              result.reference().scope(),
              asOf.map(d -> " as of " + d).orElse(""),
              result.missing(),
              result.extra(),
              result.mismatched(),
              result.targetDuplicateKeys(),
              result.breach().map(b -> " - BREACH: " + b).orElse("")));
    }

    /** The newest landing date the target holds data of, after this run's publish. */
    private LocalDate newestPublished() {
      Optional<LocalDate> ledgerNewest = ledger.newestPublished(pipeline.name());
      Optional<LocalDate> thisRun =
          plan.folders().stream()
              .filter(f -> !f.toRead().isEmpty())
              .map(f -> f.folder().date())
              .max(Comparator.naturalOrder());
      return java.util.stream.Stream.of(ledgerNewest, thisRun)
          .flatMap(Optional::stream)
          .max(Comparator.naturalOrder())
          .orElse(plan.range().to());
    }

    private RunOutcome commit() {
      lock.checkHeld();
      return CommitGate.through(tables.location(), pipeline.name(), this::commitAlone);
    }

    /**
     * Commits with no other run of the pipeline committing in this JVM. The watermark moves from
     * the one stored now, not the one read at start: a run that committed meanwhile moved it.
     */
    private RunOutcome commitAlone() {
      Watermark before = StepTimes.timed("read watermarks", () -> watermarks.read(pipeline.name()));
      listener.stageStarted("commit");
      long t0 = System.nanoTime();
      boolean breached = reconciled.map(ReconcileResult::breached).orElse(false);
      StepTimes.timed(
          "write intervals",
          () ->
              ledger.write(
                  pipeline.name(),
                  readFolders(breached ? IntervalStatus.UNVERIFIED : IntervalStatus.PROCESSED)));
      hooks.reached(StageHooks.Point.AFTER_INTERVALS, runId);
      Watermark after = breached ? before : StepTimes.timed("advance", () -> advance(before));
      if (!breached) {
        // A run that moves neither mark (a rerun with nothing new) leaves the table as it was: the
        // row keeps naming the run that last moved them, and the rerun stays a true no-op.
        if (!after.landing().equals(before.landing()) || !after.event().equals(before.event())) {
          StepTimes.timed(
              "write watermarks", () -> watermarks.write(pipeline.name(), after, clock.instant()));
          watermarksMoved = true;
        }
      }
      watermarkMove = Optional.of(move(before, after));
      hooks.reached(StageHooks.Point.AFTER_WATERMARKS, runId);
      finished(
          "commit",
          t0,
          breached
              ? "watermarks not moved (reconciliation breached); landing dates marked unverified"
              : "landing watermark "
                  + after.landing().map(LocalDate::toString).orElse("none")
                  + ", event watermark "
                  + after.event().map(Instant::toString).orElse("none"));
      RunRecord done =
          StepTimes.timed(
              "judge", () -> judge(record(RunStatus.SUCCEEDED, Optional.empty()), breached));
      StepTimes.timed("write run row", () -> runLog.write(done));
      if (!breached) {
        StepTimes.timed("delete staging", this::deleteStaging);
      }
      return done.status() == RunStatus.BREACHED
          ? new RunOutcome.Breached(done, reconciled)
          : new RunOutcome.Succeeded(done, reconciled);
    }

    /**
     * The finished run checked against the thresholds: any breach makes it "breached", with the
     * reconciliation's breach first in the error, then each threshold with its value and limit.
     */
    private RunRecord judge(RunRecord finished, boolean reconcileBreached) {
      // Only the runtime threshold looks at earlier runs; without it, the runs table is not read.
      int window = Math.max(200, 2 * pipeline.thresholds().runtimeWindow());
      List<RunRecord> earlier =
          pipeline.thresholds().maxRuntimeP95Multiple() <= 0
              ? List.of()
              : runLog.recent(pipeline.name(), window).stream()
                  .filter(r -> !r.runId().equals(runId))
                  .toList();
      List<ThresholdBreach> breaches = Thresholds.forRun(pipeline, finished, earlier);
      // Late files beyond the bound were not read: an alert, never a silent skip.
      Optional<String> late = plan.lateFiles().breach(pipeline.name());
      if (breaches.isEmpty() && !reconcileBreached && late.isEmpty()) {
        return finished;
      }
      List<String> messages = new java.util.ArrayList<>();
      reconciled
          .flatMap(ReconcileResult::breach)
          .ifPresent(b -> messages.add("reconciliation breached: " + b));
      breaches.stream()
          .filter(b -> !reconcileBreached || !Thresholds.holdsWatermarks(b))
          .forEach(b -> messages.add(b.message()));
      late.ifPresent(messages::add);
      List<String> breached =
          new java.util.ArrayList<>(breaches.stream().map(ThresholdBreach::message).toList());
      late.ifPresent(breached::add);
      return finished
          .withStatus(
              RunStatus.BREACHED,
              Optional.of(String.join("; ", messages)),
              finished.endedAt().orElseThrow())
          .withBreaches(breached);
    }

    private RunOutcome fail(Throwable error, Watermark before) {
      // The command line prints the cause chain's messages; the stack is for --verbose.
      LOG.debug("Run {} of {} failed", runId, pipeline.name(), error);
      if (!watermarksMoved) {
        watermarkMove = Optional.of(move(before, before));
      }
      boolean interrupted = RunningRuns.stopping();
      if (interrupted) {
        // The interrupt that woke this thread must not fail the writes that record it.
        Thread.interrupted();
      }
      try {
        // A MERGE interrupted as it returned may have committed without this run seeing its
        // result: the target's history says.
        boolean published =
            merged.map(MergeResult::merged).orElse(false)
                || interrupted
                    && merged.isEmpty()
                    && mergeStarted
                    && target.findCommit(runId, MergeExecutor.HISTORY_DEPTH).isPresent();
        if (published) {
          // The target holds this run's rows; say so, and make the next run read them again.
          ledger.write(pipeline.name(), readFolders(IntervalStatus.UNVERIFIED));
        }
        String message =
            interrupted
                ? "interrupted: the process was asked to stop (SIGTERM or SIGINT) "
                    + (watermarksMoved
                        ? "after the watermarks had moved: the run's work is done"
                        : published
                            ? "after publishing; its landing dates are marked unverified and the"
                                + " next run reads them again"
                            : "before publish; the target was not changed")
                : describe(error)
                    + (watermarksMoved
                        ? " (after the watermarks had moved: the run's work is done)"
                        : "");
        RunRecord failed =
            record(interrupted ? RunStatus.INTERRUPTED : RunStatus.FAILED, Optional.of(message));
        runLog.write(failed);
        return new RunOutcome.Failed(failed, error);
      } catch (RuntimeException secondary) {
        error.addSuppressed(secondary);
        if (error instanceof Error fatal) {
          throw fatal;
        }
        if (error instanceof RuntimeException unchecked) {
          throw unchecked;
        }
        throw new IllegalStateException(describe(error), error);
      }
    }

    private List<Interval> readFolders(IntervalStatus status) {
      return plan.folders().stream()
          .filter(
              f -> f.action() == FolderAction.READ_ALL || f.action() == FolderAction.READ_NEW_FILES)
          .map(
              f ->
                  Interval.published(
                      pipeline.name(),
                      f.folder(),
                      status,
                      config.configHash(),
                      runId,
                      clock.instant(),
                      digestsOf(f.folder())))
          .toList();
    }

    /**
     * The digest of each of the folder's files, as the ledger keeps them: taken by this run's stage
     * pass for the files it read, carried over from the ledger for the others (their content was
     * published, or verified, as it is).
     */
    private Map<String, String> digestsOf(LandingFolder folder) {
      if (!FileDigests.kept(pipeline)) {
        return Map.of();
      }
      Map<String, String> read = staged.map(StageResult::fileDigests).orElse(Map.of());
      Map<String, String> digests = new LinkedHashMap<>();
      for (SourceFile f : folder.files()) {
        Optional.ofNullable(read.get(f.path()))
            .or(
                () ->
                    Optional.ofNullable(plan.digests().get(f.path())).map(PublishedDigest::digest))
            .ifPresent(d -> digests.put(f.path(), d));
      }
      return digests;
    }

    /**
     * The landing watermark moves to the newest landing date of the range that holds files (never
     * past today), and only when the range starts at or before the day after it, so a gap is never
     * jumped. Dates at the end of the range with no folder yet do not count as processed: their
     * files may still land. The event watermark moves to the newest event time published.
     */
    private Watermark advance(Watermark before) {
      DateRange range = plan.range();
      boolean contiguous =
          before
              .landing()
              .map(w -> !range.from().isAfter(w.plusDays(1)))
              .orElse(pipeline.startDate().map(s -> !range.from().isAfter(s)).orElse(true));
      Optional<LocalDate> newest =
          plan.presentFolders().stream()
              .map(LandingFolder::date)
              .filter(d -> !d.isAfter(planner.today()))
              .max(Comparator.naturalOrder());
      Optional<LocalDate> landing = before.landing();
      if (contiguous && newest.isPresent() && landing.map(newest.get()::isAfter).orElse(true)) {
        landing = newest;
      }
      // Later dates another run already processed (a concurrent backfill of the next range that
      // committed first) are behind the watermark now too, up to the first gap.
      landing = landing.map(l -> ledger.processedThrough(pipeline.name(), l, planner.today()));
      Optional<Instant> event = before.event();
      Optional<Instant> staged = this.staged.flatMap(StageResult::eventMax);
      if (staged.isPresent() && event.map(staged.get()::isAfter).orElse(true)) {
        event = staged;
      }
      return new Watermark(landing, event, Optional.of(runId));
    }

    private WatermarkMove move(Watermark before, Watermark after) {
      Optional<Long> lag = after.event().map(e -> Duration.between(e, clock.instant()).toSeconds());
      return new WatermarkMove(
          before.landing(), after.landing(), before.event(), after.event(), lag);
    }

    private RunRecord record(RunStatus status, Optional<String> error) {
      Instant now = clock.instant();
      return new RunRecord(
          runId,
          pipeline.name(),
          plan.mode().label(),
          plan.range().from(),
          plan.range().to(),
          status,
          error,
          startedAt,
          status == RunStatus.RUNNING ? Optional.empty() : Optional.of(now),
          stageMs,
          plan.folders(),
          staged
              .filter(
                  s ->
                      s.rowsRead() > 0
                          || !plan.filesToRead().isEmpty()
                          || !verified.paths().isEmpty())
              .map(s -> stageCounts(s, verified)),
          merged.map(Pipeline::publishCounts),
          reconciled.map(
              r ->
                  new ReconcileCounts(
                      r.missing(),
                      r.extra(),
                      r.mismatched(),
                      r.targetDuplicateKeys(),
                      r.targetRows())),
          watermarkMove,
          Tidemark.version(),
          config.configHash(),
          List.of(),
          tableId);
    }

    private void finished(String stage, long startNanos, String summary) {
      long millis = (System.nanoTime() - startNanos) / 1_000_000;
      stageMs.put(stage, millis);
      listener.stageFinished(stage, millis, summary);
    }

    private void deleteStaging() {
      Path path = new Path(tables.stagingPath(pipeline.name(), runId));
      try {
        path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
      } catch (IOException e) {
        LOG.warn("Cannot delete staging table {}: {}", path, e.getMessage());
      }
    }
  }

  static StageCounts stageCounts(StageResult s, ForcedVerification.Result verified) {
    return new StageCounts(
        s.rowsRead(),
        s.rowsQuarantined(),
        s.rowsValid(),
        s.exactDuplicates(),
        s.rowsStaged(),
        verified.paths().size(),
        verified.rows());
  }

  static PublishCounts publishCounts(MergeResult m) {
    return new PublishCounts(
        m.merged(),
        m.inserted(),
        m.updated(),
        m.deleted(),
        m.unchanged(),
        m.stale(),
        m.filesAdded(),
        m.filesRemoved(),
        m.versionBefore(),
        m.versionAfter(),
        m.nothingToDelete());
  }

  static String describePlan(RunPlan plan) {
    long files = plan.filesToRead().size();
    return String.format(
            "%s %s: %d folders to read (%,d files, %s), %d unchanged, %d missing",
            plan.mode().label(),
            plan.range(),
            plan.count(FolderAction.READ_ALL) + plan.count(FolderAction.READ_NEW_FILES),
            files,
            Bytes.human(plan.bytesToRead()),
            plan.count(FolderAction.UNCHANGED),
            plan.count(FolderAction.MISSING))
        + plan.lateFiles().summary();
  }

  /** The message a user sees for a failed run: the cause chain's messages, no stack. */
  static String describe(Throwable error) {
    Optional<UnreadableLogException> unreadable = DeltaLogs.unreadable(error);
    if (unreadable.isPresent()) {
      return unreadable.get().getMessage();
    }
    StringBuilder text = new StringBuilder();
    Throwable t = error;
    while (t != null && text.length() < 2000) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      message = message.lines().findFirst().orElse(message);
      if (text.indexOf(message) < 0) {
        if (text.length() > 0) {
          text.append(": ");
        }
        text.append(message);
      }
      t = t.getCause();
    }
    return text.toString();
  }
}

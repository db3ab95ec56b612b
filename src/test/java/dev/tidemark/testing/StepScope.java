package dev.tidemark.testing;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.IntervalLedger;
import dev.tidemark.control.RunIds;
import dev.tidemark.control.RunLock;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunScope;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.plan.PlanStep;
import dev.tidemark.plan.Planner;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.runtime.RunListener;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.table.TargetTable;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The scope of one run over a workspace, built as {@code Pipeline} builds it (control tables
 * ensured, a fresh run id, the pipeline's lock held until {@link #close()}), for tests that call
 * the steps one by one. No run row is written and no preflight runs: the steps need neither. Close
 * it before {@link Workspace#copyTo}: a copy taken meanwhile holds a copy of the lock file, which
 * names this live process, and its runs wait for it.
 */
public final class StepScope implements AutoCloseable {
  private final RunScope scope;
  private final Planner planner;

  private StepScope(RunScope scope, Planner planner) {
    this.scope = scope;
    this.planner = planner;
  }

  public static StepScope open(Workspace ws, Clock clock) {
    SparkSession spark = TestSpark.session();
    TidemarkConfig config = ws.config();
    ControlStore tables = ControlStore.of(config.settings()).ensureExist(spark);
    String runId = RunIds.next(clock);
    RunLock lock =
        RunLock.acquire(
            tables.locksPath(), config.pipeline().name(), runId, config.settings().lock());
    RunScope scope =
        new RunScope(
            runId,
            spark,
            config,
            tables,
            new TargetTable(spark, config.pipeline().target()),
            new RunLog(spark, tables),
            new IntervalLedger(spark, tables),
            new WatermarkStore(spark, tables),
            lock,
            clock,
            RunListener.SILENT,
            StageHooks.NONE);
    return new StepScope(
        scope, new Planner(clock, new FolderLister(spark.sparkContext().hadoopConfiguration())));
  }

  public RunScope scope() {
    return scope;
  }

  public String runId() {
    return scope.runId();
  }

  /** The day the run counts as today, from its clock. */
  public LocalDate today() {
    return planner.today();
  }

  /** The plan step's plan of a backfill of {@code range}, from the ledger as it is now. */
  public RunPlan backfill(DateRange range) {
    return new PlanStep(
            scope.pipeline(),
            scope.config().configHash(),
            planner,
            scope.ledger(),
            () -> scope.target().exists())
        .plan(new PlanStep.Input(Optional.of(range), false, Optional.empty()));
  }

  @Override
  public void close() {
    scope.lock().close();
  }
}

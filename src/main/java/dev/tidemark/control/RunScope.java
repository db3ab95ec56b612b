package dev.tidemark.control;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.runtime.RunListener;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.table.TargetTable;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;

/**
 * What every step of one run works with: its id, its configuration, the tables it reads and writes,
 * the lock it holds, and who hears about its progress. Built once when the run has its lock; the
 * steps' results, not this, carry what the run found.
 */
public record RunScope(
    String runId,
    SparkSession spark,
    TidemarkConfig config,
    ControlStore tables,
    TargetTable target,
    RunLog runLog,
    IntervalLedger ledger,
    WatermarkStore watermarks,
    RunLock lock,
    Clock clock,
    RunListener listener,
    StageHooks hooks) {

  /** The control tables' reads that status makes too, through this run's readers. */
  public ControlReads reads() {
    return ControlReads.over(runLog, watermarks, ledger, () -> tables.runs().exists(spark));
  }

  public PipelineConfig pipeline() {
    return config.pipeline();
  }

  /** Where this run's staging table is written. */
  public String stagingPath() {
    return tables.stagingPath(pipeline().name(), runId);
  }

  /** Tells the test hooks this run reached {@code point}. */
  public void reached(StageHooks.Point point) {
    hooks.reached(point, runId);
  }
}

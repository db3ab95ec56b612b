package dev.tidemark.control;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.kernel.KernelTables;
import dev.tidemark.kernel.KernelTarget;
import dev.tidemark.runtime.RunListener;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.table.TargetLog;
import dev.tidemark.table.TargetTable;
import java.time.Clock;
import java.util.Optional;
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

  /**
   * The control tables' reads that status makes too: through Delta Kernel when it can read them
   * (each call sees the tables as they are now), else through this run's Spark readers. A query
   * through Spark costs a few Spark jobs, half a second to two; through Kernel, tens of
   * milliseconds once its classes are loaded, and a run makes a dozen.
   */
  public ControlReads reads() {
    if (ControlReads.kernelReads(config.settings())) {
      return new KernelControlReads(kernel(), tables);
    }
    return ControlReads.over(runLog, watermarks, ledger, () -> tables.runs().exists(spark));
  }

  /** The target as the check that nobody changed it reads it: through Kernel when it can. */
  public TargetLog targetLog() {
    Optional<String> path = config.pipeline().target().path();
    if (path.isPresent() && KernelTables.available()) {
      return new KernelTarget(kernel(), path.get());
    }
    return target;
  }

  private KernelTables kernel() {
    return new KernelTables(spark.sparkContext().hadoopConfiguration());
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

package dev.tidemark.control;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.plan.Bytes;
import dev.tidemark.runtime.RunningRuns;
import dev.tidemark.runtime.StepTimes;
import dev.tidemark.spark.BackgroundTask;
import dev.tidemark.table.TargetTable;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run does once it holds its lock and before it plans: the check that nobody changed the
 * target behind the runs' back, the repair of runs that died, and the cleanup of their staging
 * tables. It returns the watermarks as stored, read beside all that.
 */
public final class Preflight {
  private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

  private final RunScope scope;

  public Preflight(RunScope scope) {
    this.scope = scope;
  }

  /**
   * @param checkTarget false for a forced rerun or a replay, which do not trust the ledger anyway
   */
  public Watermark run(boolean checkTarget) {
    String pipeline = scope.pipeline().name();
    // Repair never writes the watermarks (it reads them, and writes runs and intervals), and no
    // other run of this pipeline writes them while the lock is held: they are read beside it.
    BackgroundTask<Watermark> before =
        BackgroundTask.start(
            "read watermarks",
            () -> StepTimes.timed("read watermarks", () -> scope.reads().watermark(pipeline)));
    // One reader for the check and the repair: the runs table is scanned once for both.
    ControlReads reads = scope.reads();
    try {
      if (checkTarget) {
        // Before anything is written: a target changed behind the runs' back stops the run.
        StepTimes.timed(
            "check target", () -> TargetTrust.require(scope.targetLog(), reads, pipeline));
      }
      StepTimes.timed("repair", () -> repair(reads));
      StepTimes.timed("clean staging", this::cleanStaging);
    } catch (Exception | Error e) { // Spark's checked exceptions are thrown undeclared
      before.awaitAfter(e);
      throw e;
    }
    return before.result();
  }

  /** Closes the runs of this pipeline that died, from what the target's history says of them. */
  private void repair(ControlReads reads) {
    new Repair(scope.runLog(), scope.watermarks(), scope.ledger(), scope.clock())
        .repair(
            scope.pipeline().name(),
            reads.unfinished(scope.pipeline().name()),
            RunningRuns.ids(),
            id ->
                scope
                    .target()
                    .findCommit(id, TargetTable.HISTORY_DEPTH)
                    .map(TargetTable.Commit::version));
  }

  private void cleanStaging() {
    deleteOldStaging(
        scope.spark().sparkContext().hadoopConfiguration(),
        scope.tables(),
        scope.config(),
        scope.clock().instant());
  }

  /** Staging tables that failed or killed runs left, once older than the retention. */
  public static void deleteOldStaging(
      Configuration hadoop, ControlStore tables, TidemarkConfig config, Instant now) {
    List<StagingArea.Leftover> deleted =
        new StagingArea(hadoop, tables)
            .clean(
                config.pipeline().name(),
                config.settings().housekeeping().stagingRetention(),
                now,
                RunningRuns.ids());
    for (StagingArea.Leftover leftover : deleted) {
      LOG.info(
          "Deleted the staging table of run {} ({}), last written {}",
          leftover.runId(),
          Bytes.human(leftover.bytes()),
          leftover.lastWritten());
    }
  }
}

package dev.tidemark.report;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlReads;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.KernelControlReads;
import dev.tidemark.control.LateSearchRecord;
import dev.tidemark.control.Watermark;
import dev.tidemark.kernel.KernelTables;
import dev.tidemark.kernel.KernelTarget;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.plan.PlanStep;
import dev.tidemark.plan.Planner;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.table.TargetLog;
import dev.tidemark.table.TargetTable;
import java.time.Clock;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Where status, history, plan and the report read a pipeline's state: its control tables, its
 * target, and the file systems of its landing folders and staging tables.
 *
 * @param hadoop the Hadoop settings the folders are listed with
 * @param evidence what the report shows beside the status
 */
public record StateSource(
    ControlReads control, TargetLog target, Configuration hadoop, Evidence evidence) {

  /** Through Spark: for control tables or targets named in a catalog. */
  public static StateSource spark(SparkSession spark, TidemarkConfig config) {
    ControlStore tables = ControlStore.of(config.settings());
    return new StateSource(
        ControlReads.spark(spark, tables),
        new TargetTable(spark, config.pipeline().target()),
        spark.sparkContext().hadoopConfiguration(),
        Evidence.spark(spark, tables));
  }

  /**
   * True when Delta Kernel can read everything without Spark: the control tables and the target are
   * paths, and Kernel is in this jar (the Databricks jar leaves it out with Delta).
   */
  public static boolean withoutSpark(TidemarkConfig config) {
    return ControlReads.kernelReads(config.settings())
        && config.pipeline().target().path().isPresent();
  }

  /** Through Delta Kernel, without Spark; see {@link #withoutSpark}. */
  public static StateSource kernel(KernelTables kernel, TidemarkConfig config) {
    ControlStore tables = ControlStore.of(config.settings());
    return new StateSource(
        new KernelControlReads(kernel, tables),
        new KernelTarget(kernel, config.pipeline().target().path().orElseThrow()),
        kernel.hadoop(),
        new KernelEvidence(kernel, tables));
  }

  /**
   * What a run would read, as {@code tidemark plan} shows it: the watermark, the ledger, the
   * target's existence and the listings, read from this source (without Spark through Kernel).
   */
  public RunPlan plan(TidemarkConfig config, Clock clock, Optional<DateRange> explicit) {
    PlanStep step =
        new PlanStep(
            config.pipeline(),
            config.configHash(),
            new Planner(clock, new FolderLister(hadoop)),
            control,
            target::exists);
    Watermark watermark = control.watermark(config.pipeline().name());
    Optional<java.time.Instant> lastSearch =
        explicit.isEmpty() && config.pipeline().lateFileSearchEvery().isPresent()
            ? new LateSearchRecord(
                    hadoop,
                    ControlStore.of(config.settings()).locksPath(),
                    config.pipeline().name())
                .read()
            : Optional.empty();
    return step.plan(
        new PlanStep.Input(
            explicit,
            false,
            watermark.landing(),
            watermark.landingHour(),
            Optional.empty(),
            lastSearch));
  }
}

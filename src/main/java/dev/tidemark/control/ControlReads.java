package dev.tidemark.control;

import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.PlanStep;
import dev.tidemark.plan.PublishedFolder;
import java.util.List;
import java.util.Optional;

/**
 * The reads {@code status}, {@code history} and {@code plan} make of a pipeline's control tables:
 * through Spark ({@link #spark}), or through Delta Kernel when the tables are paths ({@link
 * KernelControlReads}), which answers the same questions in a second, without starting Spark.
 */
public interface ControlReads extends PlanStep.Published {
  /** False until a first run created the tables. */
  boolean hasRuns();

  Watermark watermark(String pipeline);

  /** The pipeline's runs, newest first, at most {@code limit}. */
  List<RunRecord> recentRuns(String pipeline, int limit);

  Optional<RunRecord> run(String runId);

  /** See {@link RunLog#lastPublished}. */
  List<PublishedVersion> lastPublished(String pipeline);

  /**
   * Every landing date the pipeline's runs published, oldest first, as summaries: each with its
   * count of files, without their names (see {@link Interval#fileCount}).
   */
  List<Interval> intervals(String pipeline);

  /** Runs of the pipeline whose row still says running, as {@link RunLog#unfinished}. */
  List<RunRecord> unfinished(String pipeline);

  /**
   * True when Delta Kernel can read the control tables: they are paths (no control-schema) and
   * Kernel's classes are here (the Databricks jar leaves them out).
   */
  static boolean kernelReads(dev.tidemark.config.Settings settings) {
    return settings.controlSchema().isEmpty() && dev.tidemark.kernel.KernelTables.available();
  }

  /** Through Spark, with the tables' classes a run writes them with. */
  static ControlReads spark(org.apache.spark.sql.SparkSession spark, ControlStore tables) {
    return over(
        new RunLog(spark, tables),
        new WatermarkStore(spark, tables),
        new IntervalLedger(spark, tables),
        () -> tables.runs().exists(spark));
  }

  /** Through a run's own readers (see {@link RunScope#reads()}). */
  static ControlReads over(
      RunLog runs,
      WatermarkStore watermarks,
      IntervalLedger ledger,
      java.util.function.BooleanSupplier hasRuns) {
    return new ControlReads() {
      @Override
      public boolean hasRuns() {
        return hasRuns.getAsBoolean();
      }

      @Override
      public Watermark watermark(String pipeline) {
        return watermarks.read(pipeline);
      }

      @Override
      public List<RunRecord> recentRuns(String pipeline, int limit) {
        return runs.recent(pipeline, limit);
      }

      @Override
      public Optional<RunRecord> run(String runId) {
        return runs.find(runId);
      }

      @Override
      public List<PublishedVersion> lastPublished(String pipeline) {
        return runs.lastPublished(pipeline);
      }

      @Override
      public List<Interval> intervals(String pipeline) {
        return ledger.summaries(pipeline);
      }

      @Override
      public List<RunRecord> unfinished(String pipeline) {
        return runs.unfinished(pipeline);
      }

      @Override
      public List<PublishedFolder> processed(String pipeline, Optional<DateRange> within) {
        return ledger.processed(pipeline, within);
      }

      @Override
      public java.util.Map<java.time.LocalDate, String> fingerprintsBefore(
          String pipeline, java.time.LocalDate date) {
        return ledger.fingerprintsBefore(pipeline, date);
      }

      @Override
      public PlanStep.Incremental incremental(String pipeline, DateRange range) {
        return ledger.incremental(pipeline, range);
      }
    };
  }
}

package dev.tidemark.publish;

import dev.tidemark.audit.AuditPreview;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.RunLog;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.source.SchemaDrift;
import dev.tidemark.stage.Stager;
import dev.tidemark.stage.TargetDrift;
import dev.tidemark.table.TargetTable;
import dev.tidemark.transform.Columns;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A run's plan and what its publish would do, counted from the files with the stage pass's own
 * dedup and the publish's own classification, and what its audit would decide, with the audit's own
 * checks. Writes nothing: no staging table, no quality rows, no MERGE.
 */
public final class DryRun {
  /**
   * @param audit the quarantine ceiling and the quality checks a real run would apply to the batch
   */
  public record Result(
      RunPlan plan,
      long rowsRead,
      long rowsQuarantined,
      MergeExecutor.Classification changes,
      AuditPreview.Verdict audit) {}

  private DryRun() {}

  /**
   * @param runs where row_count finds the previous run of the range; only read
   * @param clock the run's clock, which freshness judges by
   */
  public static Result of(
      SparkSession spark, PipelineConfig pipeline, RunPlan plan, RunLog runs, Clock clock) {
    List<SourceFile> files = plan.filesToRead();
    if (files.isEmpty()) {
      AuditPreview.Batch none =
          new AuditPreview.Batch(spark.emptyDataFrame(), 0, 0, 0, Optional.empty());
      return new Result(
          plan,
          0,
          0,
          new MergeExecutor.Classification(0, 0, 0, 0, 0),
          AuditPreview.of(pipeline, plan, none, runs, clock.instant()));
    }
    List<String> compared = new ArrayList<>(pipeline.keys());
    compared.addAll(pipeline.sequence());
    compared.add(Columns.ROW_HASH);
    List<Column> batchColumns = new ArrayList<>(List.of(Columns.cols(compared)));
    batchColumns.add(pipeline.deletes().isTombstone().as(MergeExecutor.DELETE));
    TargetDrift.check(spark, pipeline);
    SchemaDrift.check(spark, pipeline, files);
    Observation read = new Observation("tidemark_dry_run");
    Observation staged = new Observation("tidemark_dry_run_staged");
    TargetTable target = new TargetTable(spark, pipeline.target());
    // The rows a real run's staging table would hold as valid: what its quality checks read.
    Dataset<Row> valid =
        Stager.observeStaged(
                pipeline,
                Stager.dedupedBatch(spark, pipeline, files, read, target.rowHashVersion()),
                staged)
            .where(functions.col(Columns.REJECT_REASON).isNull());
    Dataset<Row> batch = valid.select(batchColumns.toArray(Column[]::new));
    Dataset<Row> current =
        target.exists()
            ? target.read().select(Columns.cols(compared))
            : batch.limit(0).drop(MergeExecutor.DELETE);
    MergeExecutor.Classification changes =
        MergeExecutor.classify(batch, current, pipeline.keys(), pipeline.sequence());
    // The classification's job filled both observations.
    Map<String, Object> counts = Stager.metrics(read);
    Map<String, Object> stagedCounts = Stager.metrics(staged);
    AuditPreview.Batch audited =
        new AuditPreview.Batch(
            valid,
            Stager.count(counts, "rows_read"),
            Stager.count(counts, "rows_quarantined"),
            Stager.count(stagedCounts, "rows_staged"),
            Stager.eventMax(stagedCounts));
    return new Result(
        plan,
        audited.rowsRead(),
        audited.rowsQuarantined(),
        changes,
        AuditPreview.of(pipeline, plan, audited, runs, clock.instant()));
  }
}

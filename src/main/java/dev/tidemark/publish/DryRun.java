package dev.tidemark.publish;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.source.SchemaDrift;
import dev.tidemark.stage.Stager;
import dev.tidemark.stage.TargetDrift;
import dev.tidemark.table.TargetTable;
import dev.tidemark.transform.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A run's plan and what its publish would do, counted from the files with the stage pass's own
 * dedup and the publish's own classification. Writes nothing: no staging table, no MERGE.
 */
public final class DryRun {
  public record Result(
      RunPlan plan, long rowsRead, long rowsQuarantined, MergeExecutor.Classification changes) {}

  private DryRun() {}

  public static Result of(SparkSession spark, PipelineConfig pipeline, RunPlan plan) {
    List<SourceFile> files = plan.filesToRead();
    if (files.isEmpty()) {
      return new Result(plan, 0, 0, new MergeExecutor.Classification(0, 0, 0, 0, 0));
    }
    List<String> compared = new ArrayList<>(pipeline.keys());
    compared.addAll(pipeline.sequence());
    compared.add(Columns.ROW_HASH);
    List<Column> batchColumns = new ArrayList<>(List.of(Columns.cols(compared)));
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
    return new Result(
        plan, Stager.count(counts, "rows_read"), Stager.count(counts, "rows_quarantined"), changes);
  }
}

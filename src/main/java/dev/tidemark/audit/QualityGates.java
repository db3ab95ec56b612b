package dev.tidemark.audit;

import dev.tidemark.config.InvalidConfigException;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.QualityCheckConfig;
import dev.tidemark.config.QualityCheckType;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.stage.Staging;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The audit stage: runs a pipeline's quality checks on its staged batch, before publish. An
 * error-severity failure stops the run (the caller keeps the target, the watermarks and the staging
 * table as they are).
 */
public final class QualityGates {
  /** How far back in the runs log row_count looks for the previous run of a range. */
  private static final int RECENT_RUNS = 200;

  private QualityGates() {}

  /**
   * What the configuration loader cannot check without a session: each expression, analyzed over an
   * empty batch of the schema, must be a boolean over its columns with no aggregate. Costs no Spark
   * job.
   */
  public static void validate(SparkSession spark, PipelineConfig pipeline) {
    Dataset<Row> empty = null;
    for (QualityCheckConfig check : pipeline.quality().checks()) {
      if (check.type() != QualityCheckType.EXPRESSION) {
        continue;
      }
      if (empty == null) {
        empty = spark.createDataFrame(List.of(), pipeline.source().schema());
      }
      String sql = check.expression().orElseThrow();
      try {
        empty.where(functions.expr(sql)).schema();
      } catch (Exception e) { // AnalysisException and ParseException, undeclared in Java's eyes
        throw new InvalidConfigException(
            "Cannot use \""
                + sql
                + "\" as the expression of quality check '"
                + check.name()
                + "' ("
                + check.key()
                + ".expression): "
                + firstLine(e.getMessage())
                + "; allowed is a SQL boolean over the schema's columns that each row can be"
                + " judged by alone, e.g. \"amount >= 0\"",
            e);
      }
    }
  }

  /** The staged batch as the checks read it; empty (with the schema) when nothing was staged. */
  public static Dataset<Row> batch(
      SparkSession spark, PipelineConfig pipeline, String stagingPath, long rowsStaged) {
    return rowsStaged == 0
        ? spark.createDataFrame(List.of(), pipeline.source().schema())
        : Staging.validRows(spark, stagingPath);
  }

  /**
   * Whether a run with this plan reads every file of its range: no folder read only for its new
   * files, none skipped as unchanged.
   */
  public static boolean readsWholeRange(List<FolderPlan> plan) {
    return plan.stream()
        .allMatch(f -> f.action() == FolderAction.READ_ALL || f.action() == FolderAction.MISSING);
  }

  /**
   * The newest earlier run of the same range that read all of it and published (succeeded, or
   * breached an alert threshold after publishing): what row_count's change is measured against.
   *
   * @param runId the run asking, whose own row is not an earlier run; empty for a dry run, which
   *     has no row
   */
  public static Optional<AuditSpec.PreviousRun> previousOfRange(
      List<RunRecord> newestFirst, Optional<String> runId, DateRange range) {
    return newestFirst.stream()
        .filter(r -> runId.isEmpty() || !r.runId().equals(runId.get()))
        .filter(r -> r.status() == RunStatus.SUCCEEDED || r.status() == RunStatus.BREACHED)
        .filter(r -> r.range().equals(range))
        .filter(r -> r.staged().isPresent() && r.published().isPresent())
        .filter(r -> readsWholeRange(r.plan()))
        .findFirst()
        .map(r -> new AuditSpec.PreviousRun(r.runId(), r.staged().get().rowsStaged()));
  }

  /** As above, among the pipeline's newest runs in the runs log. Reads only. */
  static Optional<AuditSpec.PreviousRun> previousOfRange(
      RunLog runs, String pipeline, Optional<String> runId, DateRange range) {
    return previousOfRange(runs.recent(pipeline, RECENT_RUNS), runId, range);
  }

  /** Every configured check on the batch, results in configured order. */
  public static AuditResult audit(AuditSpec spec) {
    List<QualityCheckConfig> checks = spec.pipeline().quality().checks();
    int sampleSize = spec.pipeline().quality().sampleSize();
    Map<QualityCheckConfig, CheckResult> results = new HashMap<>();
    List<QualityCheckConfig> perRow = checks.stream().filter(RowChecks::isPerRow).toList();
    for (CheckResult r : RowChecks.run(perRow, spec, sampleSize)) {
      results.put(r.check(), r);
    }
    for (QualityCheckConfig check : checks) {
      switch (check.type()) {
        case ROW_COUNT -> results.put(check, BatchChecks.rowCount(check, spec));
        case FRESHNESS -> results.put(check, BatchChecks.freshness(check, spec));
        default -> {} // counted together above
      }
    }
    List<CheckResult> ordered = new ArrayList<>();
    checks.forEach(c -> ordered.add(results.get(c)));
    return new AuditResult(ordered);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String trimmed = message.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}

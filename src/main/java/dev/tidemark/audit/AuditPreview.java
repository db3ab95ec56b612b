package dev.tidemark.audit;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.RunLog;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.source.QuarantineCeiling;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the audit step would decide on a batch a dry run read and did not stage: the same quarantine
 * ceiling and the same quality checks, by the same code, but nothing is written (no quality rows)
 * and a ceiling breach is reported, not thrown.
 */
public final class AuditPreview {
  private AuditPreview() {}

  /**
   * What a real run's stage pass would have staged.
   *
   * @param validRows the batch's valid rows, one per key, as the staging table would hold them
   */
  public record Batch(
      Dataset<Row> validRows,
      long rowsRead,
      long rowsQuarantined,
      long rowsStaged,
      Optional<Instant> newestEvent) {}

  /**
   * @param ceiling what is above the quarantine ceiling, when a real run would stop there; its
   *     checks are then not run, as a real run does not reach them
   * @param result the checks' results; empty when none ran
   * @param checksConfigured whether the pipeline has quality checks at all
   */
  public record Verdict(
      Optional<String> ceiling, Optional<AuditResult> result, boolean checksConfigured) {
    /** True when a real run would publish nothing: the ceiling, or an error check that failed. */
    public boolean rejects() {
      return ceiling.isPresent() || result.map(AuditResult::blocks).orElse(false);
    }
  }

  /**
   * The ceiling, then the checks, as {@link AuditStep#audit} runs them. Reads the runs log only
   * when a row_count check needs the previous run of the range.
   */
  public static Verdict of(
      PipelineConfig pipeline, RunPlan plan, Batch batch, RunLog runs, Instant now) {
    boolean configured = !pipeline.quality().checks().isEmpty();
    if (AuditStep.ceilingApplies(plan)) {
      Optional<String> breach =
          QuarantineCeiling.breach(
              pipeline.quarantine(), batch.rowsRead(), batch.rowsQuarantined());
      if (breach.isPresent()) {
        return new Verdict(breach, Optional.empty(), configured);
      }
    }
    if (!AuditStep.checksRun(pipeline, plan)) {
      return new Verdict(Optional.empty(), Optional.empty(), configured);
    }
    AuditResult result =
        QualityGates.audit(
            new AuditSpec(
                pipeline,
                batch.validRows(),
                batch.rowsStaged(),
                QualityGates.readsWholeRange(plan.folders()),
                batch.newestEvent(),
                () ->
                    QualityGates.previousOfRange(
                        runs, pipeline.name(), Optional.empty(), plan.range()),
                now));
    return new Verdict(Optional.empty(), Optional.of(result), configured);
  }
}

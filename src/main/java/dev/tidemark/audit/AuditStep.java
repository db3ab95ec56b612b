package dev.tidemark.audit;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.RunScope;
import dev.tidemark.plan.RunMode;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.runtime.StageClock;
import dev.tidemark.source.QuarantineCeiling;
import dev.tidemark.stage.StageResult;
import dev.tidemark.stage.Staged;
import java.util.Optional;

/**
 * The audit step, before anything is published: the quarantine ceiling, then the pipeline's quality
 * checks on the staged batch. Their results go to the quality table; an error-severity failure
 * rejects the run.
 */
public final class AuditStep {
  private final RunScope scope;

  public AuditStep(RunScope scope) {
    this.scope = scope;
  }

  /**
   * Checks the quarantine ceiling, then runs the quality checks.
   *
   * @throws QuarantineCeiling.QuarantineCeilingException when too many rows were quarantined: the
   *     quarantine rows are written, nothing is published
   */
  public Audited audit(Staged staged) {
    PipelineConfig pipeline = scope.pipeline();
    RunPlan plan = staged.plan();
    if (ceilingApplies(plan)) {
      QuarantineCeiling.check(
          pipeline.quarantine(), staged.result().rowsRead(), staged.result().rowsQuarantined());
    }
    if (!checksRun(pipeline, plan)) {
      return Audited.NONE;
    }
    StageClock clock = StageClock.start(scope.listener(), "audit");
    StageResult s = staged.result();
    AuditResult result =
        QualityGates.audit(
            new AuditSpec(
                pipeline,
                QualityGates.batch(scope.spark(), pipeline, s.stagingPath(), s.rowsToPublish()),
                s.rowsStaged(),
                QualityGates.readsWholeRange(plan.folders()),
                s.eventMax(),
                () ->
                    QualityGates.previousOfRange(
                        scope.runLog(), pipeline.name(), Optional.of(scope.runId()), plan.range()),
                scope.clock().instant()));
    new QualityStore(scope.spark(), scope.tables())
        .write(scope.runId(), pipeline.name(), plan.range(), scope.clock().instant(), result);
    long millis = clock.finish(result.summary());
    return new Audited(Optional.of(result), Optional.of(millis));
  }

  /** Whether a run with this plan is held to the quarantine ceiling. */
  static boolean ceilingApplies(RunPlan plan) {
    // A replay parses rows that failed before: its share of failures says nothing of the input.
    return plan.mode() != RunMode.REPLAY;
  }

  /** Whether a run with this plan runs quality checks: it has some, and a batch to run them on. */
  static boolean checksRun(PipelineConfig pipeline, RunPlan plan) {
    return !pipeline.quality().checks().isEmpty() && !plan.filesToRead().isEmpty();
  }
}

package dev.tidemark.reconcile;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.RunScope;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.publish.DeleteContext;
import dev.tidemark.publish.MergeExecutor;
import dev.tidemark.publish.MergeSpec;
import dev.tidemark.publish.Tombstones;
import dev.tidemark.runtime.StageClock;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.stage.StageResult;
import dev.tidemark.stage.Staged;
import dev.tidemark.stage.Staging;
import dev.tidemark.stage.UnchangedTargetRows;
import dev.tidemark.transform.Columns;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The reconcile step: an anti-join of the published batch against the golden source (or, without
 * one, against the staged batch itself), stored in the reconciliation table. A breach keeps the
 * watermarks where they are.
 */
public final class ReconcileStep {
  private final RunScope scope;
  private final boolean allowEmpty;

  public ReconcileStep(RunScope scope, boolean allowEmpty) {
    this.scope = scope;
    this.allowEmpty = allowEmpty;
  }

  public Reconciled reconcile(Staged staged) {
    PipelineConfig pipeline = scope.pipeline();
    StageResult s = staged.result();
    boolean golden = pipeline.reconcile().golden().isPresent();
    // Against the staged batch, the scope is what was staged. Against a golden source it is
    // everything a forced rerun parsed: the rows it left out as unchanged and the files it found
    // as published are checked too, by the target's keys from their landing dates.
    boolean leftOut =
        golden
            && (staged.held().isPresent() && s.rowsUnchanged() > 0
                || !staged.verified().paths().isEmpty());
    if (s.rowsToPublish() == 0 && !leftOut) {
      return Reconciled.NONE;
    }
    Dataset<Row> keys = keysInScope(staged, leftOut);
    MergeSpec merge = MergeSpec.of(pipeline, scope.runId(), s);
    // The partitions the stage pass saw leave out those of files found as published.
    Column targetScope =
        staged.verified().paths().isEmpty()
            ? MergeExecutor.partitionScope(merge, null)
            : functions.lit(true);
    StageClock clock = StageClock.start(scope.listener(), "reconcile");
    Optional<LocalDate> asOf =
        golden ? Optional.of(newestPublished(staged.plan())) : Optional.empty();
    ReconcileResult result =
        Reconciler.reconcile(
            scope.spark(),
            new ReconcileSpec(
                pipeline,
                pipeline.target(),
                golden ? ReconcileReference.GOLDEN : ReconcileReference.STAGED,
                asOf,
                "batch",
                Optional.of(keys),
                Optional.of(targetScope),
                Optional.of(s.stagingPath()),
                Tombstones.rememberedFor(
                    scope.spark(), merge, DeleteContext.forRun(scope, staged.plan(), allowEmpty))));
    scope.reached(StageHooks.Point.DURING_RECONCILE);
    new ReconciliationStore(scope.spark(), scope.tables())
        .write(scope.runId(), pipeline.name(), scope.clock().instant(), result);
    long millis = clock.finish(line(result, asOf));
    return new Reconciled(Optional.of(result), Optional.of(millis));
  }

  /** The keys the check covers: the staged rows, and the target's rows a forced rerun left out. */
  private Dataset<Row> keysInScope(Staged staged, boolean leftOut) {
    StageResult s = staged.result();
    Column[] keys = Columns.cols(scope.pipeline().keys());
    Optional<Dataset<Row>> parsedKeys =
        leftOut
            ? UnchangedTargetRows.of(scope.target(), scope.pipeline(), staged.parsedDates())
                .map(d -> d.select(keys))
            : Optional.empty();
    if (s.rowsToPublish() == 0) {
      return parsedKeys.orElseThrow();
    }
    return parsedKeys
        .map(k -> Staging.validRows(scope.spark(), s.stagingPath()).select(keys).unionByName(k))
        .orElseGet(() -> Staging.validRows(scope.spark(), s.stagingPath()));
  }

  /** The newest landing date the target holds data of, after this run's publish. */
  private LocalDate newestPublished(RunPlan plan) {
    Optional<LocalDate> ledgerNewest = scope.ledger().newestPublished(scope.pipeline().name());
    Optional<LocalDate> thisRun = plan.readDates().stream().max(Comparator.naturalOrder());
    return Stream.of(ledgerNewest, thisRun)
        .flatMap(Optional::stream)
        .max(Comparator.naturalOrder())
        .orElse(plan.range().to());
  }

  private static String line(ReconcileResult result, Optional<LocalDate> asOf) {
    return String.format(
        "%s%s: %,d missing, %,d extra, %,d mismatched, %,d duplicate keys%s",
        result.reference().scope(),
        asOf.map(d -> " as of " + d).orElse(""),
        result.missing(),
        result.extra(),
        result.mismatched(),
        result.targetDuplicateKeys(),
        result.breach().map(b -> " - BREACH: " + b).orElse(""));
  }
}

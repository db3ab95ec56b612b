package dev.tidemark.reconcile;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.table.TableRef;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One reconciliation: the pipeline (keys, compared columns, golden source, limits), the reference,
 * the landing date the golden state is taken at, and the scope: the keys to compare (empty: every
 * key; a key may come more than once) and a predicate on the target that prunes partitions outside
 * the scope (empty: the whole target).
 *
 * @param scopeLabel what the scope is, as stored: "batch", "range" or "table"
 * @param stagingPath the staged batch, required when the reference is {@link
 *     ReconcileReference#STAGED}
 * @param rememberedDeletes the pipeline's remembered tombstones (keys, sequence, row hash): a
 *     staged version not newer than one of them is rightly absent from the target
 */
public record ReconcileSpec(
    PipelineConfig pipeline,
    TableRef target,
    ReconcileReference reference,
    Optional<LocalDate> asOf,
    String scopeLabel,
    Optional<Dataset<Row>> scopeKeys,
    Optional<Column> targetScope,
    Optional<String> stagingPath,
    Optional<Dataset<Row>> rememberedDeletes) {
  /** A reconciliation of a pipeline that remembers no deletes. */
  public ReconcileSpec(
      PipelineConfig pipeline,
      TableRef target,
      ReconcileReference reference,
      Optional<LocalDate> asOf,
      String scopeLabel,
      Optional<Dataset<Row>> scopeKeys,
      Optional<Column> targetScope,
      Optional<String> stagingPath) {
    this(
        pipeline,
        target,
        reference,
        asOf,
        scopeLabel,
        scopeKeys,
        targetScope,
        stagingPath,
        Optional.empty());
  }
}

package dev.tidemark.reconcile;

import dev.tidemark.config.PipelineConfig;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One reconciliation: the pipeline (keys, compared columns, golden source, limits), the reference,
 * the landing date the golden state is taken at, and the scope: the keys to compare (empty: every
 * key) and a predicate on the target that prunes partitions outside the scope.
 *
 * @param scopeLabel what the scope is, as stored: "batch", "range" or "table"
 * @param stagingPath the staged batch, required when the reference is {@link Reference#STAGED}
 */
public record ReconcileSpec(
    PipelineConfig pipeline,
    String targetPath,
    Reference reference,
    Optional<LocalDate> asOf,
    String scopeLabel,
    Optional<Dataset<Row>> scopeKeys,
    Column targetScope,
    Optional<String> stagingPath) {}

package dev.tidemark.publish;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.stage.StageResult;
import dev.tidemark.table.TableRef;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;

/**
 * One publish: which staged batch goes into which target, matched on which keys, ordered by which
 * sequence, limited to which target partitions, and tagged with which run.
 */
public record MergeSpec(
    String pipeline,
    String runId,
    TableRef target,
    String stagingPath,
    StructType businessSchema,
    List<String> keys,
    List<String> sequence,
    Optional<String> partitionColumn,
    List<Object> partitionValues,
    boolean hasNullPartition,
    Optional<List<String>> statsColumns) {
  public MergeSpec {
    keys = List.copyOf(keys);
    sequence = List.copyOf(sequence);
    partitionValues = List.copyOf(partitionValues);
  }

  /**
   * Delta's idempotent-transaction id: a retried attempt of this run is skipped, not re-applied.
   */
  public String txnAppId() {
    return "tidemark/" + pipeline + "/" + runId;
  }

  /** The publish of a staged batch of this pipeline by this run. */
  public static MergeSpec of(PipelineConfig pipeline, String runId, StageResult staged) {
    return new MergeSpec(
        pipeline.name(),
        runId,
        pipeline.target(),
        staged.stagingPath(),
        pipeline.source().schema(),
        pipeline.keys(),
        pipeline.sequence(),
        pipeline.partitionColumn(),
        staged.partitionValues(),
        staged.hasNullPartition(),
        pipeline.statsColumns());
  }

  /** Constant: the app id is unique per run, so one version per run is all Delta needs. */
  public static final long TXN_VERSION = 1L;
}

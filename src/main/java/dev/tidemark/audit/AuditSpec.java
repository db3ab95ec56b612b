package dev.tidemark.audit;

import dev.tidemark.config.PipelineConfig;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the audit stage checks: the staged batch (one row per key), the counts the stage pass
 * already took (rows staged, newest event time), whether the run read every file of its range (a
 * run that read only new files stages a part, whose count says nothing about a change), the last
 * published run of the same range (for row_count's change; looked up only when a check needs it),
 * and the run's clock.
 */
record AuditSpec(
    PipelineConfig pipeline,
    Dataset<Row> batch,
    long rowsStaged,
    boolean readWholeRange,
    Optional<Instant> newestEvent,
    Supplier<Optional<PreviousRun>> previous,
    Instant now) {

  /** The newest earlier run of the same range that published, and the rows it staged. */
  public record PreviousRun(String runId, long rowsStaged) {}
}

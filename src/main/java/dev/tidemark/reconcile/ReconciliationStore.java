package dev.tidemark.reconcile;

import dev.tidemark.control.ControlStore;
import dev.tidemark.control.ControlTable;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** The reconciliation table: one row per run or on-demand check. */
public final class ReconciliationStore {
  private final SparkSession spark;
  private final ControlTable table;

  public ReconciliationStore(SparkSession spark, ControlStore tables) {
    this.spark = spark;
    this.table = tables.reconciliation();
  }

  /**
   * Adds the check's row. {@code runId} is a new run's or check's id, written once, so the row is
   * appended rather than replaced (which would scan the table for rows to remove first).
   */
  public void write(String runId, String pipeline, Instant checkedAt, ReconcileResult result) {
    Findings r = result.findings();
    table.append(
        spark,
        List.of(
            RowFactory.create(
                runId,
                pipeline,
                checkedAt,
                result.scope(),
                result.reference().label(),
                result.asOf().orElse(null),
                r.referenceRows(),
                r.targetRows(),
                r.missing(),
                r.extra(),
                r.mismatched(),
                r.targetDuplicateKeys(),
                r.mismatchedColumns(),
                r.missingSample(),
                r.extraSample(),
                r.mismatchedSample(),
                result.breached() ? "breached" : "passed",
                result.breach().orElse(null))));
  }
}

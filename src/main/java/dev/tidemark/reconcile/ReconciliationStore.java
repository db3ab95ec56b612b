package dev.tidemark.reconcile;

import dev.tidemark.ledger.ControlTable;
import dev.tidemark.ledger.ControlTables;
import dev.tidemark.ledger.Sql;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** The reconciliation table: one row per run or on-demand check. */
public final class ReconciliationStore {
  private final SparkSession spark;
  private final ControlTable table;

  public ReconciliationStore(SparkSession spark, ControlTables tables) {
    this.spark = spark;
    this.table = tables.reconciliation();
  }

  public void write(String runId, String pipeline, Instant checkedAt, ReconcileResult r) {
    table.replace(
        spark,
        List.of(
            RowFactory.create(
                runId,
                pipeline,
                checkedAt,
                r.scope(),
                r.reference().label(),
                r.asOf().orElse(null),
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
                r.breached() ? "breached" : "passed",
                r.breach().orElse(null))),
        "run_id = " + Sql.string(runId));
  }
}

package dev.tidemark.source;

import dev.tidemark.ledger.ControlTable;
import dev.tidemark.ledger.ControlTables;
import dev.tidemark.ledger.Sql;
import dev.tidemark.transform.Columns;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The quarantine table: every row a run could not use, with its source file, raw text and a reason
 * a person can act on. Written from the staging table, so the raw files are not read again.
 */
public final class QuarantineStore {
  private final SparkSession spark;
  private final ControlTable table;

  public QuarantineStore(SparkSession spark, ControlTables tables) {
    this.spark = spark;
    this.table = tables.quarantine();
  }

  /** Replaces the run's quarantine rows with the rejected rows of its staging table. */
  public void writeFromStaging(String pipeline, String runId, String stagingPath, Instant now) {
    table.replace(
        spark
            .read()
            .format("delta")
            .load(stagingPath)
            .where(functions.col(Columns.REJECT_REASON).isNotNull())
            .select(
                functions.lit(pipeline).as("pipeline"),
                functions.lit(runId).as("run_id"),
                functions.col(Columns.LANDING_DATE).as("landing_date"),
                functions.col(Columns.SOURCE_FILE).as("source_file"),
                functions.col(Columns.REJECT_REASON).as("reason"),
                functions.col(Columns.RAW).as("raw"),
                functions.lit(java.sql.Timestamp.from(now)).as("quarantined_at")),
        "run_id = " + Sql.string(runId));
  }
}

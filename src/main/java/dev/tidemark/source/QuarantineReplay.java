package dev.tidemark.source;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.ledger.ControlTable;
import dev.tidemark.ledger.ControlTables;
import dev.tidemark.ledger.Sql;
import dev.tidemark.plan.DateRange;
import dev.tidemark.transform.Columns;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code tidemark quarantine replay}: a pipeline's quarantined rows not replayed yet, parsed again
 * from their raw text with the configuration as it is now. Rows that now parse are staged and
 * merged like any others; afterwards each quarantine row is marked replayed, or keeps failing with
 * the reason it fails for now.
 *
 * <p>The quarantine table is read at one version for both the stage and the marking, so both see
 * the same rows; the replay holds the pipeline's run lock, so no run of it adds rows meanwhile.
 */
public final class QuarantineReplay {
  private final SparkSession spark;
  private final ControlTable table;
  private final PipelineConfig pipeline;
  private final long version;

  private QuarantineReplay(
      SparkSession spark, ControlTable table, PipelineConfig pipeline, long version) {
    this.spark = spark;
    this.table = table;
    this.pipeline = pipeline;
    this.version = version;
  }

  /** The replay of the quarantine as it is now; the control tables must exist. */
  public static QuarantineReplay of(SparkSession spark, ControlTables tables, PipelineConfig p) {
    ControlTable table = tables.quarantine();
    long version = DeltaTable.forPath(spark, table.path()).history(1).first().getLong(0);
    return new QuarantineReplay(spark, table, p, version);
  }

  /** Rows waiting for a replay: quarantined, not replayed yet. */
  private Dataset<Row> pending() {
    return spark
        .read()
        .format("delta")
        .option("versionAsOf", version)
        .load(table.path())
        .where(
            functions
                .col("pipeline")
                .equalTo(pipeline.name())
                .and(functions.col("replayed_at").isNull()));
  }

  /** How many rows wait, and the landing dates they came from (empty when none has one). */
  public record Pending(long rows, Optional<DateRange> landingDates) {}

  public Pending count() {
    Row r =
        pending()
            .agg(
                functions.count(functions.lit(1)),
                functions.min("landing_date"),
                functions.max("landing_date"))
            .first();
    Optional<DateRange> range =
        r.isNullAt(1)
            ? Optional.empty()
            : Optional.of(new DateRange(localDate(r.get(1)), localDate(r.get(2))));
    return new Pending(r.getLong(0), range);
  }

  /** The pending rows parsed again: the extract contract, ready for dedup and stage. */
  public Dataset<Row> extracted() {
    return parsed().drop(Extract.QUARANTINED_RAW);
  }

  private Dataset<Row> parsed() {
    return Extract.parseText(pending(), pipeline.source(), pipeline.keys());
  }

  /**
   * Marks the pending rows that now parse as replayed by {@code runId}, and gives those that still
   * fail the reason they fail for now. Call after the publish: a crash before it leaves them
   * pending for the next replay, which merges them again without a change (the MERGE is
   * idempotent).
   */
  public void mark(String runId, Instant now) {
    Dataset<Row> outcome =
        parsed()
            .select(
                functions.col(Columns.SOURCE_FILE).as("source_file"),
                functions.col(Extract.QUARANTINED_RAW).as("raw"),
                functions.col(Columns.REJECT_REASON).as("reason"))
            .distinct();
    DeltaTable.forPath(spark, table.path())
        .as("q")
        .merge(
            outcome.as("o"),
            "q.pipeline = "
                + Sql.string(pipeline.name())
                + " AND q.replayed_at IS NULL AND q.source_file <=> o.source_file"
                + " AND q.raw <=> o.raw")
        .whenMatched("o.reason IS NULL")
        .update(
            Map.of(
                "replayed_at", functions.lit(Timestamp.from(now)),
                "replay_run_id", functions.lit(runId)))
        .whenMatched()
        .update(Map.of("reason", functions.col("o.reason")))
        .execute();
  }

  private static LocalDate localDate(Object value) {
    return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
  }
}

package dev.tidemark.source;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.ControlTable;
import dev.tidemark.control.Sql;
import dev.tidemark.plan.DateRange;
import dev.tidemark.spark.internal.SessionHadoopConf;
import dev.tidemark.transform.Columns;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
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
  private List<String> filesInSchemaOrder;

  private QuarantineReplay(
      SparkSession spark, ControlTable table, PipelineConfig pipeline, long version) {
    this.spark = spark;
    this.table = table;
    this.pipeline = pipeline;
    this.version = version;
  }

  /** The replay of the quarantine as it is now; the control tables must exist. */
  public static QuarantineReplay of(SparkSession spark, ControlStore tables, PipelineConfig p) {
    ControlTable table = tables.quarantine();
    long version = table.ref().delta(spark).history(1).first().getLong(0);
    return new QuarantineReplay(spark, table, p, version);
  }

  /** Rows waiting for a replay: quarantined, not replayed yet. */
  private Dataset<Row> pending() {
    return table
        .ref()
        .readVersion(spark, version)
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
    Column inOrder = inSchemaOrder();
    Dataset<Row> parsed =
        Extract.parseText(
            pending().withColumn(Extract.IN_SCHEMA_ORDER, inOrder),
            pipeline.source(),
            pipeline.keys());
    if (!CsvHeaderLine.hasNames(pipeline.source())) {
      return parsed;
    }
    // A CSV line is in its file's column order; parsed by position in the schema's it would put
    // values in the wrong columns. Such rows are not replayed.
    Column replayable = functions.col(Columns.SOURCE_FILE).isin(filesInSchemaOrder().toArray());
    return parsed
        .withColumn(
            Columns.REJECT_REASON,
            functions
                .when(
                    functions.not(replayable),
                    functions.concat(
                        functions.lit("cannot replay: the header of "),
                        functions.col(Columns.SOURCE_FILE),
                        functions.lit(
                            " does not list the columns of pipeline.source.schema in its order (or"
                                + " the file is gone), so the line cannot be parsed by position;"
                                + " fix the file and rerun its landing date")))
                .otherwise(functions.col(Columns.REJECT_REASON)))
        .withColumn(
            Columns.RAW,
            functions
                .when(functions.not(replayable), functions.col(Extract.QUARANTINED_RAW))
                .otherwise(functions.col(Columns.RAW)));
  }

  private Column inSchemaOrder() {
    if (!CsvHeaderLine.hasNames(pipeline.source())) {
      return functions.lit(true);
    }
    return functions.col("source_file").isin(filesInSchemaOrder().toArray());
  }

  /** The pending rows' CSV files whose header lists the schema's columns in order, read now. */
  private List<String> filesInSchemaOrder() {
    if (filesInSchemaOrder == null) {
      Configuration conf = SessionHadoopConf.of(spark);
      List<String> files = new ArrayList<>();
      // One row per file: bounded by the files, not the rows.
      for (Row r : pending().select("source_file").distinct().collectAsList()) {
        String path = r.getString(0);
        try {
          if (path != null
              && CsvReadByName.inSchemaOrder(
                  CsvHeaderLine.names(conf, pipeline.source().options(), path),
                  pipeline.source().schema())) {
            files.add(path);
          }
        } catch (RuntimeException gone) {
          // The file is gone or unreadable: its order is unknown, so its rows are not replayed.
        }
      }
      filesInSchemaOrder = files;
    }
    return filesInSchemaOrder;
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
    table
        .ref()
        .delta(spark)
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

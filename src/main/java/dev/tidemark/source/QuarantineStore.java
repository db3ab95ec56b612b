package dev.tidemark.source;

import dev.tidemark.control.ControlStore;
import dev.tidemark.control.ControlTable;
import dev.tidemark.transform.Columns;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The quarantine table: every row a run could not use, with its source file, raw text and a reason
 * a person can act on.
 */
public final class QuarantineStore {
  private final ControlTable table;

  public QuarantineStore(ControlStore tables) {
    this.table = tables.quarantine();
  }

  /**
   * Adds the run's quarantine rows: {@code rejected}, rows as extract marks them, with their reject
   * reason, source file, landing date and raw text (the run's staging table holds them, so the raw
   * files are not read again). Appended: a run writes its quarantine once, under its own new id
   * (see {@link ControlTable#append}); a replay later marks the rows it replayed.
   */
  public void write(String pipeline, String runId, Dataset<Row> rejected, Instant now) {
    table.append(
        rejected.select(
            functions.lit(pipeline).as("pipeline"),
            functions.lit(runId).as("run_id"),
            functions.col(Columns.LANDING_DATE).as("landing_date"),
            functions.col(Columns.SOURCE_FILE).as("source_file"),
            functions.col(Columns.REJECT_REASON).as("reason"),
            functions.col(Columns.RAW).as("raw"),
            functions.lit(java.sql.Timestamp.from(now)).as("quarantined_at"),
            functions.lit(null).cast("timestamp").as("replayed_at"),
            functions.lit(null).cast("string").as("replay_run_id")));
  }

  /**
   * The rejected rows counted by kind of reason (the reason up to its value or hint, e.g. "field
   * amount", "missing key"), most first, at most {@code top} kinds: the run log's summary.
   */
  public static String countsByKind(Dataset<Row> rejected, int top) {
    List<Row> kinds =
        rejected
            .groupBy(
                functions
                    .trim(
                        functions.regexp_extract(
                            functions.col(Columns.REJECT_REASON), "^[^:;(]*", 0))
                    .as("kind"))
            .count()
            .orderBy(functions.col("count").desc(), functions.col("kind"))
            .limit(top + 1)
            .collectAsList();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(top, kinds.size()); i++) {
      text.append(i == 0 ? "" : ", ")
          .append(String.format("%,d", kinds.get(i).getLong(1)))
          .append(" ")
          .append(kinds.get(i).getString(0));
    }
    if (kinds.size() > top) {
      text.append(", and more");
    }
    return text.toString();
  }
}

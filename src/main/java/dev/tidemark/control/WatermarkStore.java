package dev.tidemark.control;

import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** The watermarks table: one row per pipeline, written last by a successful run. */
public final class WatermarkStore {
  private final SparkSession spark;
  private final ControlTable table;

  public WatermarkStore(SparkSession spark, ControlStore tables) {
    this.spark = spark;
    this.table = tables.watermarks();
  }

  public Watermark read(String pipeline) {
    List<Row> rows =
        table.read(spark).where(functions.col("pipeline").equalTo(pipeline)).collectAsList();
    if (rows.isEmpty()) {
      return Watermark.NONE;
    }
    return fromRow(rows.get(0));
  }

  static Watermark fromRow(Row row) {
    return new Watermark(
        ControlRows.date(row, "landing_watermark"),
        ControlRows.instant(row, "event_watermark"),
        ControlRows.string(row, "run_id"),
        ControlRows.hour(row, "landing_hour"));
  }

  public void write(String pipeline, Watermark watermark, Instant now) {
    Row row =
        RowFactory.create(
            pipeline,
            watermark.landing().orElse(null),
            watermark.event().orElse(null),
            watermark.runId().orElse(null),
            now,
            watermark.landingHour().orElse(null));
    table.replace(spark, List.of(row), "pipeline = " + Sql.string(pipeline));
  }
}

package dev.tidemark.audit;

import dev.tidemark.control.ControlStore;
import dev.tidemark.control.ControlTable;
import dev.tidemark.plan.DateRange;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The quality table: one row per check per run, appended. A run audits its batch once, under its
 * own new id, so no earlier row can share it (see {@link ControlTable#append}).
 */
final class QualityStore {
  private final SparkSession spark;
  private final ControlStore tables;

  public QualityStore(SparkSession spark, ControlStore tables) {
    this.spark = spark;
    this.tables = tables;
  }

  public void write(
      String runId, String pipeline, DateRange range, Instant checkedAt, AuditResult result) {
    ControlTable table = tables.quality();
    tables.ensureExist(spark, table);
    List<Row> rows =
        result.results().stream()
            .map(
                r ->
                    RowFactory.create(
                        runId,
                        pipeline,
                        range.from(),
                        range.to(),
                        r.check().name(),
                        r.check().type().label(),
                        r.check().columns(),
                        r.check().severity().label(),
                        r.status().label(),
                        r.failingRows(),
                        r.observed().orElse(null),
                        r.sampleKeys(),
                        r.details(),
                        checkedAt))
            .toList();
    table.append(spark, rows);
  }
}

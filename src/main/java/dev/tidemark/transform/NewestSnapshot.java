package dev.tidemark.transform;

import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * For a snapshot source: keeps, per target partition, only the rows of the newest landing folder
 * that has rows for it. Each folder is the complete state of its partitions, so an older folder's
 * rows of a partition are superseded whole, even a key the newer folder no longer has.
 */
public final class NewestSnapshot {
  private static final String NEWEST = "_tm_newest_landing";

  private NewestSnapshot() {}

  /**
   * @param kept rows that pass untouched (rows headed for quarantine)
   * @param partition the target partition column; empty: each folder is the whole table
   */
  public static Dataset<Row> filter(Dataset<Row> rows, Optional<String> partition, Column kept) {
    Column landing = Columns.col(Columns.LANDING_DATE);
    Column newest =
        functions
            .max(functions.when(functions.not(kept), landing))
            .over(
                partition
                    .map(p -> Window.partitionBy(Columns.col(p)))
                    .orElse(Window.partitionBy(functions.lit(1))));
    return rows.withColumn(NEWEST, newest)
        .where(kept.or(landing.geq(functions.col(NEWEST))))
        .drop(NEWEST);
  }
}

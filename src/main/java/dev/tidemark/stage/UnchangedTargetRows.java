package dev.tidemark.stage;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.table.TargetTable;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.Dedup;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The rows a forced rerun finds in the target as they are: same key, same sequence, same row hash.
 * Such a rerun reads every file again, and nearly every row it reads is one the target holds; the
 * stage pass leaves those out before the staging write, so they are neither written to staging nor
 * compared with the target again at publish (where they would be left out anyway, as unchanged).
 *
 * <p>The target is read for its keys, sequence and row hash only, and only for the rows that came
 * from the landing dates the run reads: a target row that came from another date stays in the batch
 * and is found unchanged at publish, as before. Leaving out fewer rows is always safe.
 */
public final class UnchangedTargetRows {
  private static final String KEEP = "_tm_keep";

  private UnchangedTargetRows() {}

  /**
   * The target's (keys, sequence, row hash) of the rows that came from {@code landingDates}; empty
   * when the target does not exist yet.
   */
  public static Optional<Dataset<Row>> of(
      TargetTable target, PipelineConfig pipeline, Collection<LocalDate> landingDates) {
    if (!target.exists() || landingDates.isEmpty()) {
      return Optional.empty();
    }
    List<Column> columns = new ArrayList<>();
    columns.add(Dedup.keyHash(pipeline.keys()).as(Dedup.KEY_HASH));
    pipeline.keys().forEach(k -> columns.add(Columns.col(k)));
    pipeline.sequence().forEach(c -> columns.add(Columns.col(c)));
    columns.add(Columns.col(Columns.ROW_HASH));
    Object[] dates = landingDates.stream().map(java.sql.Date::valueOf).toArray();
    return Optional.of(
        target
            .read()
            .where(functions.col(Columns.LANDING_DATE).isin(dates))
            .select(columns.toArray(Column[]::new)));
  }

  /**
   * The deduplicated batch (with its {@link Dedup#KEY_HASH}) without its good rows that {@code
   * held} holds as they are. Rows headed for quarantine and tombstones always stay: they are not
   * versions of a target row.
   */
  static Dataset<Row> leaveOut(Dataset<Row> batch, Dataset<Row> held, PipelineConfig pipeline) {
    List<String> keys = pipeline.keys();
    Column sameVersion =
        functions
            .not(Dedup.newer("s", "t", pipeline.sequence()))
            .and(functions.not(Dedup.newer("t", "s", pipeline.sequence())));
    // Only the key hash and the keys are equi-join columns: the batch comes out of the dedup
    // window already partitioned and sorted by them (Dedup.latestPerKeyHashed), so only the
    // target's narrow rows are shuffled. The version comparison is written so that Spark cannot
    // take it for more join keys.
    Column condition =
        Columns.col("s", Dedup.KEY_HASH)
            .equalTo(Columns.col("t", Dedup.KEY_HASH))
            .and(Columns.keysEqual("s", "t", keys))
            .and(functions.not(functions.col("s." + KEEP)))
            .and(sameVersion);
    Column keep =
        functions.col(Columns.REJECT_REASON).isNotNull().or(pipeline.deletes().isTombstone());
    return batch
        .withColumn(KEEP, keep)
        .as("s")
        .join(held.as("t"), condition, "left_anti")
        .drop(KEEP);
  }
}

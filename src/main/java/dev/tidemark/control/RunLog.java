package dev.tidemark.control;

import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.control.RunRecord.ReconcileCounts;
import dev.tidemark.control.RunRecord.StageCounts;
import dev.tidemark.control.RunRecord.WatermarkMove;
import dev.tidemark.plan.Batch;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.plan.RunMode;
import dev.tidemark.plan.SourceFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** The runs table: one row per run, written when it starts and replaced when it ends. */
public final class RunLog {
  private final SparkSession spark;
  private final ControlTable table;

  public RunLog(SparkSession spark, ControlStore tables) {
    this.spark = spark;
    this.table = tables.runs();
  }

  /**
   * Writes a new run's first row. Its run id is new ({@code RunIds}), so the row is appended: no
   * earlier row can hold the id, and a replace would cost a scan of the table.
   */
  public void start(RunRecord run) {
    table.append(spark, List.of(toRow(run)));
  }

  /** Writes (or rewrites) the run's row. Idempotent by run id. */
  public void write(RunRecord run) {
    table.replace(spark, List.of(toRow(run)), "run_id = " + Sql.string(run.runId()));
  }

  /** The pipeline's runs, newest first, at most {@code limit}. */
  public List<RunRecord> recent(String pipeline, int limit) {
    return table
        .read(spark)
        .where(functions.col("pipeline").equalTo(pipeline))
        .orderBy(functions.col("started_at").desc(), functions.col("run_id").desc())
        .limit(limit)
        .collectAsList()
        .stream()
        .map(RunLog::fromRow)
        .toList();
  }

  public Optional<RunRecord> find(String runId) {
    return table.read(spark).where(functions.col("run_id").equalTo(runId)).collectAsList().stream()
        .findFirst()
        .map(RunLog::fromRow);
  }

  /**
   * The target version each of these runs left (after its MERGE, or as it found it when it merged
   * nothing), by run id; runs not in the table, or with no version recorded, are left out.
   */
  public Map<String, PublishedVersion> published(Collection<String> runIds) {
    Map<String, PublishedVersion> versions = new HashMap<>();
    if (runIds.isEmpty()) {
      return versions;
    }
    table
        .read(spark)
        .where(
            functions
                .col("run_id")
                .isin(runIds.toArray())
                .and(functions.col("target_version_after").geq(0)))
        .select("run_id", "target_version_before", "target_version_after", "target_table_id")
        .collectAsList()
        .forEach(r -> versions.put(r.getString(0), publishedVersion(r)));
    return versions;
  }

  /**
   * The newest finished run of the pipeline that recorded the target version it left: what the
   * target should still be, give or take later runs' own commits. Runs that started at the same
   * instant (a clock that stood still) cannot be told apart: all of them, highest version first.
   */
  public List<PublishedVersion> lastPublished(String pipeline) {
    List<Row> rows =
        table
            .read(spark)
            .where(
                functions
                    .col("pipeline")
                    .equalTo(pipeline)
                    .and(functions.col("status").notEqual(RunStatus.RUNNING.label()))
                    .and(functions.col("target_version_after").geq(0)))
            .orderBy(
                functions.col("started_at").desc(),
                functions.col("target_version_after").desc(),
                functions.col("run_id").desc())
            .limit(20)
            .select(
                "run_id",
                "target_version_before",
                "target_version_after",
                "target_table_id",
                "started_at")
            .collectAsList();
    return rows.stream()
        .filter(r -> r.get(4).equals(rows.get(0).get(4)))
        .map(RunLog::publishedVersion)
        .toList();
  }

  /** A run row's (or a projection's) published version, its columns read by name. */
  static PublishedVersion publishedVersion(Row row) {
    Long before = row.getAs("target_version_before");
    return new PublishedVersion(
        row.getAs("run_id"),
        before == null ? -1L : before,
        row.<Long>getAs("target_version_after"),
        ControlRows.string(row, "target_table_id"));
  }

  /** Runs of the pipeline whose row still says running. */
  public List<RunRecord> unfinished(String pipeline) {
    return table
        .read(spark)
        .where(
            functions
                .col("pipeline")
                .equalTo(pipeline)
                .and(functions.col("status").equalTo(RunStatus.RUNNING.label())))
        .collectAsList()
        .stream()
        .map(RunLog::fromRow)
        .toList();
  }

  static Row toRow(RunRecord r) {
    Optional<StageCounts> s = r.staged();
    Optional<PublishCounts> p = r.published();
    Optional<ReconcileCounts> c = r.reconciled();
    Optional<WatermarkMove> w = r.watermarks();
    List<FolderPlan> read = r.plan().stream().filter(FolderPlan::isRead).toList();
    List<Object> values = new ArrayList<>();
    values.add(r.runId());
    values.add(r.pipeline());
    values.add(r.mode().label());
    values.add(r.rangeFrom());
    values.add(r.rangeTo());
    values.add(r.status().label());
    values.add(r.error().orElse(null));
    values.add(r.startedAt());
    values.add(r.endedAt().orElse(null));
    values.add(r.durationMs().orElse(null));
    values.add(r.stageMs());
    values.add(read.size());
    values.add(read.stream().mapToInt(f -> f.toRead().size()).sum());
    values.add(read.stream().flatMap(f -> f.toRead().stream()).mapToLong(SourceFile::size).sum());
    values.add(s.map(StageCounts::rowsRead).orElse(null));
    values.add(s.map(StageCounts::rowsQuarantined).orElse(null));
    values.add(s.map(StageCounts::rowsValid).orElse(null));
    values.add(s.map(StageCounts::duplicatesRemoved).orElse(null));
    values.add(s.map(StageCounts::exactDuplicates).orElse(null));
    values.add(s.map(StageCounts::duplicateKeysPer1000).orElse(null));
    values.add(p.map(PublishCounts::inserted).orElse(null));
    values.add(p.map(PublishCounts::updated).orElse(null));
    values.add(p.map(PublishCounts::deleted).orElse(null));
    values.add(p.map(PublishCounts::unchanged).orElse(null));
    values.add(p.map(PublishCounts::stale).orElse(null));
    values.add(p.map(PublishCounts::filesAdded).orElse(null));
    values.add(p.map(PublishCounts::filesRemoved).orElse(null));
    values.add(p.map(PublishCounts::versionBefore).orElse(null));
    values.add(p.map(PublishCounts::versionAfter).orElse(null));
    values.add(w.flatMap(WatermarkMove::landingBefore).orElse(null));
    values.add(w.flatMap(WatermarkMove::landingAfter).orElse(null));
    values.add(w.flatMap(WatermarkMove::eventBefore).orElse(null));
    values.add(w.flatMap(WatermarkMove::eventAfter).orElse(null));
    values.add(w.flatMap(WatermarkMove::lagSeconds).orElse(null));
    values.add(c.map(ReconcileCounts::missing).orElse(null));
    values.add(c.map(ReconcileCounts::extra).orElse(null));
    values.add(c.map(ReconcileCounts::mismatched).orElse(null));
    values.add(c.map(ReconcileCounts::mismatchCount).orElse(null));
    values.add(c.map(ReconcileCounts::targetDuplicateKeys).orElse(null));
    values.add(r.tidemarkVersion());
    values.add(r.configHash());
    values.add(r.plan().stream().map(ControlRows::plannedFolderRow).toList());
    values.add(c.map(ReconcileCounts::targetRows).filter(n -> n >= 0).orElse(null));
    values.add(c.flatMap(ReconcileCounts::targetDuplicateKeysPer1000).orElse(null));
    values.add(r.thresholdBreaches());
    values.add(RunRecord.SCHEMA_VERSION);
    values.add(s.map(counts -> (int) counts.filesVerified()).orElse(null));
    values.add(s.map(StageCounts::rowsVerified).orElse(null));
    values.add(r.targetTableId().orElse(null));
    values.add(p.map(PublishCounts::nothingToDelete).orElse(null));
    values.add(r.batch().map(Batch::index).orElse(null));
    values.add(r.batch().map(Batch::count).orElse(null));
    values.add(r.batch().map(b -> b.whole().from()).orElse(null));
    values.add(r.batch().map(b -> b.whole().to()).orElse(null));
    DateRange range = r.range();
    values.add(range.wholeDays() ? null : range.fromHour());
    values.add(range.wholeDays() ? null : range.toHour());
    Optional<DateRange> whole = r.batch().map(Batch::whole).filter(b -> !b.wholeDays());
    values.add(whole.map(DateRange::fromHour).orElse(null));
    values.add(whole.map(DateRange::toHour).orElse(null));
    values.add(w.flatMap(WatermarkMove::landingHourBefore).orElse(null));
    values.add(w.flatMap(WatermarkMove::landingHourAfter).orElse(null));
    return RowFactory.create(values.toArray());
  }

  static RunRecord fromRow(Row row) {
    Map<String, Long> stageMs = new HashMap<>();
    Map<Object, Object> stored = row.getJavaMap(row.fieldIndex("stage_ms"));
    stored.forEach((k, v) -> stageMs.put((String) k, ((Number) v).longValue()));
    Optional<StageCounts> staged = staged(row);
    Optional<PublishCounts> published = published(row);
    Optional<ReconcileCounts> reconciled = reconciled(row);
    Optional<WatermarkMove> watermarks =
        Optional.of(
            new WatermarkMove(
                ControlRows.date(row, "landing_watermark_before"),
                ControlRows.date(row, "landing_watermark_after"),
                ControlRows.instant(row, "event_watermark_before"),
                ControlRows.instant(row, "event_watermark_after"),
                ControlRows.longValue(row, "watermark_lag_seconds"),
                ControlRows.hour(row, "landing_hour_before"),
                ControlRows.hour(row, "landing_hour_after")));
    List<FolderPlan> plan = new ArrayList<>();
    for (Row folder : row.<Row>getList(row.fieldIndex("plan"))) {
      plan.add(ControlRows.plannedFolder(folder));
    }
    return new RunRecord(
        row.getAs("run_id"),
        row.getAs("pipeline"),
        RunMode.ofLabel(row.getAs("mode")),
        ControlRows.date(row, "range_from").orElseThrow(),
        ControlRows.date(row, "range_to").orElseThrow(),
        RunStatus.parse(row.getAs("status")),
        ControlRows.string(row, "error"),
        ControlRows.instant(row, "started_at").orElseThrow(),
        ControlRows.instant(row, "ended_at"),
        stageMs,
        plan,
        staged,
        published,
        reconciled,
        watermarks,
        row.getAs("tidemark_version"),
        row.getAs("config_hash"),
        row.isNullAt(row.fieldIndex("threshold_breaches"))
            ? List.of()
            : row.<String>getList(row.fieldIndex("threshold_breaches")),
        ControlRows.string(row, "target_table_id"),
        batch(row),
        // NULL hours: a whole day, or a row of an older Tidemark.
        ControlRows.hour(row, "range_from_hour").orElse(0),
        ControlRows.hour(row, "range_to_hour").orElse(23));
  }

  /** Which batch of a backfill the run was; NULL in rows of other runs and of older Tidemarks. */
  private static Optional<Batch> batch(Row row) {
    if (!Arrays.asList(row.schema().fieldNames()).contains("batch")
        || row.isNullAt(row.fieldIndex("batch"))) {
      return Optional.empty();
    }
    return Optional.of(
        new Batch(
            ((Number) row.getAs("batch")).intValue(),
            ((Number) row.getAs("batches")).intValue(),
            new DateRange(
                ControlRows.date(row, "backfill_from").orElseThrow(),
                ControlRows.date(row, "backfill_to").orElseThrow(),
                ControlRows.hour(row, "backfill_from_hour").orElse(0),
                ControlRows.hour(row, "backfill_to_hour").orElse(23))));
  }

  /** The stage counts, when the run staged. */
  private static Optional<StageCounts> staged(Row row) {
    return ControlRows.longValue(row, "rows_read")
        .map(
            read ->
                new StageCounts(
                    read,
                    ControlRows.longValue(row, "rows_quarantined").orElse(0L),
                    ControlRows.longValue(row, "rows_valid").orElse(0L),
                    ControlRows.longValue(row, "exact_duplicates").orElse(0L),
                    ControlRows.longValue(row, "rows_valid").orElse(0L)
                        - ControlRows.longValue(row, "duplicates_removed").orElse(0L),
                    ControlRows.longValue(row, "files_verified").orElse(0L),
                    ControlRows.longValue(row, "rows_verified").orElse(0L)));
  }

  /** The publish counts, when the run published. */
  private static Optional<PublishCounts> published(Row row) {
    return ControlRows.longValue(row, "rows_inserted")
        .map(
            inserted ->
                new PublishCounts(
                    ControlRows.longValue(row, "target_version_after").orElse(-1L)
                        != ControlRows.longValue(row, "target_version_before").orElse(-1L),
                    inserted,
                    ControlRows.longValue(row, "rows_updated").orElse(0L),
                    ControlRows.longValue(row, "rows_deleted").orElse(0L),
                    ControlRows.longValue(row, "rows_unchanged").orElse(0L),
                    ControlRows.longValue(row, "rows_stale").orElse(0L),
                    ControlRows.longValue(row, "files_added").orElse(0L),
                    ControlRows.longValue(row, "files_removed").orElse(0L),
                    ControlRows.longValue(row, "target_version_before").orElse(-1L),
                    ControlRows.longValue(row, "target_version_after").orElse(-1L),
                    ControlRows.longValue(row, "rows_nothing_to_delete").orElse(0L)));
  }

  /** The reconciliation counts, when the run reconciled. */
  private static Optional<ReconcileCounts> reconciled(Row row) {
    return ControlRows.longValue(row, "missing")
        .map(
            missing ->
                new ReconcileCounts(
                    missing,
                    ControlRows.longValue(row, "extra").orElse(0L),
                    ControlRows.longValue(row, "mismatched").orElse(0L),
                    ControlRows.longValue(row, "target_duplicate_keys").orElse(0L),
                    ControlRows.longValue(row, "target_rows_checked").orElse(-1L)));
  }
}

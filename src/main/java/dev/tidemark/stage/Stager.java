package dev.tidemark.stage;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.source.CsvDuplicateColumns;
import dev.tidemark.source.RawFileErrors;
import dev.tidemark.source.RawReader;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.Dedup;
import dev.tidemark.transform.NewestSnapshot;
import dev.tidemark.transform.RowHash;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Extract, dedup and stage in one pass over the raw files: read, keep the newest version per key,
 * and write the batch (rejected rows included, for quarantine) to this run's staging Delta table.
 * The counts come from {@link Observation}s on that same pass, not from extra scans.
 */
public final class Stager {
  /** The table property that limits Delta's file statistics to the row count. */
  static final String NO_COLUMN_STATS = "delta.dataSkippingNumIndexedCols";

  private Stager() {}

  public static StageResult stage(
      SparkSession spark,
      PipelineConfig pipeline,
      List<SourceFile> files,
      String stagingPath,
      RowHash.Version hash) {
    return stage(spark, pipeline, files, stagingPath, hash, Optional.empty());
  }

  /**
   * As above; rows {@code held} holds as they are (see {@link UnchangedTargetRows}) are left out of
   * the staging table and counted as {@link StageResult#rowsUnchanged()}.
   */
  public static StageResult stage(
      SparkSession spark,
      PipelineConfig pipeline,
      List<SourceFile> files,
      String stagingPath,
      RowHash.Version hash,
      Optional<Dataset<Row>> held) {
    CsvDuplicateColumns.check(spark.sparkContext().hadoopConfiguration(), pipeline.source(), files);
    try {
      Optional<Observation> digests =
          FileDigests.kept(pipeline)
              ? Optional.of(new Observation("tidemark_file_digests"))
              : Optional.empty();
      StageResult result =
          stage(
              pipeline,
              RawReader.read(spark, pipeline.source(), pipeline.keys(), files),
              stagingPath,
              hash,
              held,
              digests);
      return digests.isEmpty()
          ? result
          : result.withFileDigests(
              FileDigests.decode(spark, metrics(digests.get()).get(FileDigests.NAME), files));
    } catch (Exception e) { // SparkException is checked in Java's eyes, thrown undeclared
      throw RawFileErrors.rethrow(e);
    }
  }

  /**
   * Dedup and stage rows already extracted (the extract contract of {@link RawReader}): how a
   * quarantine replay stages the rows it parses again.
   */
  public static StageResult stage(
      PipelineConfig pipeline, Dataset<Row> extracted, String stagingPath, RowHash.Version hash) {
    return stage(pipeline, extracted, stagingPath, hash, Optional.empty(), Optional.empty());
  }

  private static StageResult stage(
      PipelineConfig pipeline,
      Dataset<Row> extracted,
      String stagingPath,
      RowHash.Version hash,
      Optional<Dataset<Row>> held,
      Optional<Observation> digests) {
    if (digests.isPresent()) {
      // Before the dedup drops the path of good rows: the digests are taken per file.
      extracted = extracted.observe(digests.get(), FileDigests.aggregate().as(FileDigests.NAME));
    }
    Observation read = new Observation("tidemark_read");
    // One observation takes the input counts and the copies, unless a snapshot filter sits between.
    Observation copies = pipeline.deletes().snapshot() ? new Observation("tidemark_copies") : read;
    Observation staged = new Observation("tidemark_staged");
    Dataset<Row> deduped =
        observeStaged(
            pipeline, dedup(pipeline, extracted, hash, read, Optional.of(copies)), staged);
    Column good = functions.col(Columns.REJECT_REASON).isNull();
    Observation written = new Observation("tidemark_written");
    if (held.isPresent()) {
      deduped =
          UnchangedTargetRows.leaveOut(deduped, held.get(), pipeline)
              .observe(written, Columns.countWhere(good).as("rows_written"));
    }
    deduped
        .drop(Dedup.KEY_HASH)
        .write()
        .format("delta")
        .mode("overwrite")
        // Later stages read the staging table whole: per-column statistics in its log would skip
        // no file, and collecting them costs about a third of the write.
        .option(NO_COLUMN_STATS, "0")
        .save(stagingPath);

    Map<String, Object> r = metrics(read);
    Map<String, Object> s = metrics(staged);
    long rowsStaged = count(s, "rows_staged");
    return new StageResult(
        stagingPath,
        count(r, "rows_read"),
        count(r, "rows_quarantined"),
        count(metrics(copies), Dedup.EXACT_DUPLICATES),
        rowsStaged,
        held.isPresent() ? rowsStaged - count(metrics(written), "rows_written") : 0,
        eventMax(s),
        partitionValues(s.get("partitions")),
        s.containsKey("null_partitions") && ((Number) s.get("null_partitions")).longValue() > 0,
        Map.of());
  }

  /**
   * The batch, observed into {@code staged} as the stage pass observes it: its good rows
   * (rows_staged, see {@link #count}), their newest event time (see {@link #eventMax}) and the
   * partitions they go to. A dry run observes its batch so too, for the audit it previews.
   */
  public static Dataset<Row> observeStaged(
      PipelineConfig pipeline, Dataset<Row> deduped, Observation staged) {
    Column good = functions.col(Columns.REJECT_REASON).isNull();
    List<Column> metrics = stagedMetrics(pipeline, good);
    return deduped.observe(
        staged, Columns.countWhere(good).as("rows_staged"), metrics.toArray(Column[]::new));
  }

  /** The newest event time {@link #observeStaged} saw; empty when no good row had one. */
  public static Optional<Instant> eventMax(Map<String, Object> staged) {
    return Optional.ofNullable(staged.get("event_max")).map(Stager::toInstant);
  }

  /**
   * What the stage observes of its good rows besides their count: the newest event time, and the
   * partitions they go to (with how many have none).
   */
  private static List<Column> stagedMetrics(PipelineConfig pipeline, Column good) {
    List<Column> metrics = new ArrayList<>();
    metrics.add(
        functions
            .max(functions.when(good, Columns.col(pipeline.eventTimeColumn())))
            .as("event_max"));
    pipeline
        .partitionColumn()
        .ifPresent(
            p -> {
              metrics.add(
                  functions.collect_set(functions.when(good, Columns.col(p))).as("partitions"));
              metrics.add(
                  Columns.countWhere(good.and(Columns.col(p).isNull())).as("null_partitions"));
            });
    return metrics;
  }

  /**
   * Extract and dedup, lazily: rows read and rows rejected are counted into {@code read} when an
   * action runs. Rejected rows come out untouched, marked by {@link Columns#REJECT_REASON}.
   */
  public static Dataset<Row> dedupedBatch(
      SparkSession spark,
      PipelineConfig pipeline,
      List<SourceFile> files,
      Observation read,
      RowHash.Version hash) {
    CsvDuplicateColumns.check(spark.sparkContext().hadoopConfiguration(), pipeline.source(), files);
    return dedup(
            pipeline,
            RawReader.read(spark, pipeline.source(), pipeline.keys(), files),
            hash,
            read,
            Optional.empty())
        .drop(Dedup.KEY_HASH);
  }

  /**
   * The batch, one row per key, with {@link Dedup#KEY_HASH} (for {@link
   * UnchangedTargetRows#leaveOut}).
   *
   * @param copies where the exact copies are counted ({@link Dedup#EXACT_DUPLICATES}) for a
   *     snapshot pipeline; any other pipeline counts them into {@code read}
   * @param hash the target's row hash: extract computes {@link RowHash.Version#CURRENT}; a target
   *     that holds another is compared with rows hashed its way (Spark then computes only that one)
   */
  private static Dataset<Row> dedup(
      PipelineConfig pipeline,
      Dataset<Row> rows,
      RowHash.Version hash,
      Observation read,
      Optional<Observation> copies) {
    Column rejected = functions.col(Columns.REJECT_REASON).isNotNull();
    if (hash != RowHash.Version.CURRENT) {
      rows = RowHash.add(rows, pipeline.columns(), hash);
    }
    // Only quarantine needs the file a row came from: good rows drop the path before the
    // shuffle, where tens of bytes on every row cost more than the rest of the lineage.
    rows =
        rows.withColumn(
            Columns.SOURCE_FILE, functions.when(rejected, functions.col(Columns.SOURCE_FILE)));
    List<Column> readCounts =
        List.of(
            functions.count(functions.lit(1)).as("rows_read"),
            Columns.countWhere(rejected).as("rows_quarantined"));
    if (pipeline.deletes().snapshot()) {
      // The snapshot filter drops rows before the window: count them as read first.
      Dataset<Row> extracted =
          NewestSnapshot.filter(
              rows.observe(read, readCounts.get(0), readCounts.get(1)),
              pipeline.partitionColumn(),
              rejected);
      return Dedup.latestPerKeyHashed(
          extracted, pipeline.keys(), pipeline.sequence(), rejected, copies, List.of());
    }
    // Every row reaches the window: the input is counted there, with the copies (read is then
    // also the copies' observation).
    return Dedup.latestPerKeyHashed(
        rows, pipeline.keys(), pipeline.sequence(), rejected, Optional.of(read), readCounts);
  }

  /** The observation's values; call after the action that fills them has finished. */
  public static Map<String, Object> metrics(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot read the stage's counts: interrupted", e);
    }
  }

  /**
   * An observed count; 0 when the observation saw no partition at all (only zero-byte files), as
   * Spark then reports no values.
   */
  public static long count(Map<String, Object> metrics, String name) {
    Object value = metrics.get(name);
    return value == null ? 0L : ((Number) value).longValue();
  }

  private static Instant toInstant(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (value instanceof LocalDate d) {
      return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (value instanceof java.time.LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    return (Instant) value;
  }

  private static List<Object> partitionValues(Object collected) {
    if (collected == null) {
      return List.of();
    }
    @SuppressWarnings("unchecked")
    Seq<Object> seq = (Seq<Object>) collected;
    return new ArrayList<>(CollectionConverters.asJava(seq));
  }
}

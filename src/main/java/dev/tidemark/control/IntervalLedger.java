package dev.tidemark.control;

import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.PlanStep;
import dev.tidemark.plan.PublishedFolder;
import dev.tidemark.plan.SourceFile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** The intervals table: one row per pipeline and landing date that a run published. */
public final class IntervalLedger implements PlanStep.Published {
  private static final String PROCESSED = IntervalStatus.PROCESSED.label();

  private final SparkSession spark;
  private final ControlTable table;

  public IntervalLedger(SparkSession spark, ControlStore tables) {
    this.spark = spark;
    this.table = tables.intervals();
  }

  public List<Interval> read(String pipeline, DateRange range) {
    List<Interval> result = new ArrayList<>();
    for (Row row :
        rowsOf(pipeline)
            .where(functions.col("landing_date").between(range.from(), range.to()))
            .collectAsList()) {
      result.add(fromRow(row));
    }
    return result;
  }

  @Override
  public List<PublishedFolder> processed(String pipeline, Optional<DateRange> within) {
    return processed(within.isPresent() ? read(pipeline, within.get()) : all(pipeline));
  }

  @Override
  public Map<LocalDate, String> fingerprintsBefore(String pipeline, LocalDate date) {
    Map<LocalDate, String> fingerprints = new HashMap<>();
    for (Row row :
        rowsOf(pipeline)
            .where(
                functions
                    .col("landing_date")
                    .lt(date)
                    .and(functions.col("status").equalTo(PROCESSED)))
            .select("landing_date", "fingerprint")
            .collectAsList()) {
      fingerprints.put(
          ControlRows.date(row, "landing_date").orElseThrow(), row.getAs("fingerprint"));
    }
    return fingerprints;
  }

  /**
   * One Spark read: the range's rows whole, and of the rows before it their fingerprints only
   * (their file lists are left in the table, never collected).
   */
  @Override
  public PlanStep.Incremental incremental(String pipeline, DateRange range) {
    org.apache.spark.sql.Column inRange = functions.col("landing_date").geq(range.from());
    Dataset<Row> rows =
        rowsOf(pipeline)
            .where(
                functions
                    .col("landing_date")
                    .leq(range.to())
                    .and(inRange.or(functions.col("status").equalTo(PROCESSED))));
    for (String whole : List.of("files", "file_digests")) {
      rows = rows.withColumn(whole, functions.when(inRange, functions.col(whole)));
    }
    List<Interval> within = new ArrayList<>();
    Map<LocalDate, String> before = new HashMap<>();
    for (Row row : rows.collectAsList()) {
      LocalDate date = ControlRows.date(row, "landing_date").orElseThrow();
      if (date.isBefore(range.from())) {
        before.put(date, row.getAs("fingerprint"));
      } else {
        within.add(fromRow(row));
      }
    }
    return new PlanStep.Incremental(processed(within), before);
  }

  /** The intervals recorded processed, as the plan takes them. */
  static List<PublishedFolder> processed(List<Interval> intervals) {
    return intervals.stream()
        .filter(i -> i.status() == IntervalStatus.PROCESSED)
        .map(
            i ->
                new PublishedFolder(
                    i.landingDate(),
                    i.fingerprint(),
                    i.files(),
                    i.configHash(),
                    i.runId(),
                    i.digests()))
        .toList();
  }

  /** Every landing date the pipeline's runs published, oldest first. */
  public List<Interval> all(String pipeline) {
    List<Interval> result = new ArrayList<>();
    for (Row row : rowsOf(pipeline).orderBy("landing_date").collectAsList()) {
      result.add(fromRow(row));
    }
    return result;
  }

  /** The newest landing date any run published, whatever its status. */
  public Optional<LocalDate> newestPublished(String pipeline) {
    Row row = rowsOf(pipeline).agg(functions.max("landing_date").as("newest")).first();
    return ControlRows.date(row, "newest");
  }

  /**
   * The last of the landing dates after {@code from}, up to {@code limit}, that {@code intervals}
   * (a pipeline's ledger) all record processed, day after day; {@code from} when the next day is
   * not.
   */
  public static LocalDate processedThrough(
      List<Interval> intervals, LocalDate from, LocalDate limit) {
    java.util.Set<LocalDate> processed = new java.util.HashSet<>();
    for (Interval i : intervals) {
      if (i.status() == IntervalStatus.PROCESSED && !i.landingDate().isAfter(limit)) {
        processed.add(i.landingDate());
      }
    }
    LocalDate last = from;
    while (last.isBefore(limit) && processed.contains(last.plusDays(1))) {
      last = last.plusDays(1);
    }
    return last;
  }

  /** Records these intervals, replacing earlier rows of the same dates. Idempotent. */
  public void write(String pipeline, List<Interval> intervals) {
    if (intervals.isEmpty()) {
      return;
    }
    List<Row> rows = intervals.stream().map(IntervalLedger::toRow).toList();
    List<LocalDate> dates = intervals.stream().map(Interval::landingDate).toList();
    table.replace(
        spark,
        rows,
        "pipeline = " + Sql.string(pipeline) + " AND landing_date IN " + Sql.dates(dates));
  }

  private static Row toRow(Interval i) {
    return RowFactory.create(
        i.pipeline(),
        i.landingDate(),
        i.status().label(),
        i.fingerprint(),
        i.files().size(),
        i.files().stream().mapToLong(SourceFile::size).sum(),
        i.configHash(),
        i.runId(),
        i.processedAt(),
        ControlRows.fileRows(i.files()),
        scala.jdk.javaapi.CollectionConverters.asScala(i.digests()));
  }

  /**
   * Every landing date the pipeline's runs recorded, oldest first, as summaries: counts of files,
   * not their names (see {@link Interval#fileCount}).
   */
  public List<Interval> summaries(String pipeline) {
    List<Interval> result = new ArrayList<>();
    for (Row row :
        rowsOf(pipeline).drop("files", "file_digests").orderBy("landing_date").collectAsList()) {
      result.add(summaryFromRow(row));
    }
    return result;
  }

  /** A row read without its files and digests. */
  static Interval summaryFromRow(Row row) {
    Integer count = row.getAs("file_count");
    return new Interval(
        row.getAs("pipeline"),
        ControlRows.date(row, "landing_date").orElseThrow(),
        IntervalStatus.parse(row.getAs("status")),
        row.getAs("fingerprint"),
        List.of(),
        row.getAs("config_hash"),
        row.getAs("run_id"),
        ControlRows.instant(row, "processed_at").orElseThrow(),
        Map.of(),
        count == null ? 0 : count);
  }

  /** The pipeline's rows of the ledger. */
  private Dataset<Row> rowsOf(String pipeline) {
    return table.read(spark).where(functions.col("pipeline").equalTo(pipeline));
  }

  static Interval fromRow(Row row) {
    return new Interval(
        row.getAs("pipeline"),
        ControlRows.date(row, "landing_date").orElseThrow(),
        IntervalStatus.parse(row.getAs("status")),
        row.getAs("fingerprint"),
        ControlRows.files(row, "files"),
        row.getAs("config_hash"),
        row.getAs("run_id"),
        ControlRows.instant(row, "processed_at").orElseThrow(),
        // NULL in rows written before digests were kept.
        row.isNullAt(row.fieldIndex("file_digests"))
            ? java.util.Map.of()
            : row.<String, String>getJavaMap(row.fieldIndex("file_digests")));
  }
}

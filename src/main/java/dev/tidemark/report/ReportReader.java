package dev.tidemark.report;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlTable;
import dev.tidemark.control.RunRecord;
import dev.tidemark.reconcile.Findings;
import dev.tidemark.runtime.Tidemark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Reads what the HTML report shows of a pipeline from its control tables. */
public final class ReportReader {
  /** Quarantine reasons and files listed, and raw rows shown, per pipeline. */
  static final int QUARANTINE_TOP = 10;

  private ReportReader() {}

  public static Report read(List<PipelineReport> pipelines, Clock clock) {
    return new Report(clock.instant(), Tidemark.version(), pipelines);
  }

  /** The pipeline's report, with at most {@code maxRuns} of its newest runs. */
  public static PipelineReport read(
      StateSource source, TidemarkConfig config, Clock clock, int maxRuns) {
    StatusReport.Snapshot snapshot = StatusReport.snapshot(source, config, clock, maxRuns);
    List<RunRecord> runs =
        new ArrayList<>(snapshot.runs().subList(0, Math.min(maxRuns, snapshot.runs().size())));
    Collections.reverse(runs);
    String name = config.pipeline().name();
    Evidence evidence = source.evidence();
    return new PipelineReport(
        snapshot.status(),
        runs,
        snapshot.calendar(),
        evidence.latestReconciliation(name),
        evidence.quality(name),
        evidence.quarantine(name));
  }

  static Optional<ReconciliationSummary> latestReconciliation(
      SparkSession spark, ControlTable table, String pipeline) {
    List<Row> rows =
        table
            .read(spark)
            .where(functions.col("pipeline").equalTo(pipeline))
            .orderBy(functions.col("checked_at").desc(), functions.col("run_id").desc())
            .limit(1)
            .collectAsList();
    return rows.stream().findFirst().map(ReportReader::reconciliation);
  }

  static ReconciliationSummary reconciliation(Row r) {
    Map<String, Long> columns = new LinkedHashMap<>();
    if (!r.isNullAt(r.fieldIndex("mismatched_columns"))) {
      r.<String, Long>getJavaMap(r.fieldIndex("mismatched_columns")).forEach(columns::put);
    }
    Date asOf = r.getAs("as_of");
    Timestamp checkedAt = r.getAs("checked_at");
    return new ReconciliationSummary(
        r.getAs("run_id"),
        checkedAt.toInstant(),
        r.getAs("scope"),
        r.getAs("reference"),
        Optional.ofNullable(asOf).map(Date::toLocalDate),
        new Findings(
            r.<Long>getAs("reference_rows"),
            r.<Long>getAs("target_rows"),
            r.<Long>getAs("missing"),
            r.<Long>getAs("extra"),
            r.<Long>getAs("mismatched"),
            r.<Long>getAs("target_duplicate_keys"),
            columns,
            strings(r, "missing_sample"),
            strings(r, "extra_sample"),
            strings(r, "mismatched_sample")),
        r.getAs("status"),
        Optional.ofNullable(r.getAs("breach")));
  }

  /** Quality results shown, newest first: the latest runs' checks, a few hundred rows at most. */
  static final int QUALITY_ROWS = 200;

  /** The quality checks of the pipeline's newest audited runs, newest run first. */
  public static List<QualityCheck> quality(
      SparkSession spark, ControlTable table, String pipeline) {
    List<QualityCheck> checks = new ArrayList<>();
    if (!table.exists(spark)) {
      return checks; // no pipeline here has quality gates yet: not worth a Spark job
    }
    for (Row r :
        table
            .read(spark)
            .where(functions.col("pipeline").equalTo(pipeline))
            .orderBy(functions.col("checked_at").desc(), functions.col("run_id").desc())
            .limit(QUALITY_ROWS)
            .collectAsList()) {
      checks.add(qualityCheck(r));
    }
    return checks;
  }

  static QualityCheck qualityCheck(Row r) {
    return new QualityCheck(
        r.getAs("run_id"),
        r.getAs("check_name"),
        String.join(", ", strings(r, "columns")),
        r.getAs("severity"),
        r.getAs("status"),
        r.isNullAt(r.fieldIndex("failing_rows")) ? 0 : r.<Long>getAs("failing_rows"),
        strings(r, "sample_keys"));
  }

  static QuarantineSummary quarantine(SparkSession spark, ControlTable table, String pipeline) {
    Dataset<Row> rows = table.read(spark).where(functions.col("pipeline").equalTo(pipeline));
    Map<String, Long> byReason = counts(rows, "reason");
    if (byReason.isEmpty()) {
      return QuarantineSummary.EMPTY;
    }
    long total = rows.count(); // the reasons listed are only the most frequent few
    List<QuarantineSummary.Sample> samples = new ArrayList<>();
    for (Row r :
        rows.orderBy(functions.col("quarantined_at").desc(), functions.col("source_file"))
            .limit(QUARANTINE_TOP)
            .collectAsList()) {
      samples.add(sample(r));
    }
    return new QuarantineSummary(total, byReason, counts(rows, "source_file"), samples);
  }

  static QuarantineSummary.Sample sample(Row r) {
    Date landing = r.getAs("landing_date");
    return new QuarantineSummary.Sample(
        r.getAs("run_id"),
        landing == null ? null : landing.toLocalDate(),
        r.getAs("source_file"),
        r.getAs("reason"),
        r.getAs("raw"));
  }

  /** Row counts per value of the column, largest first, the top few. */
  private static Map<String, Long> counts(Dataset<Row> rows, String column) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row r :
        rows.groupBy(column)
            .count()
            .orderBy(functions.col("count").desc(), functions.col(column))
            .limit(QUARANTINE_TOP)
            .collectAsList()) {
      counts.put(r.isNullAt(0) ? "(none)" : r.getString(0), r.getLong(1));
    }
    return counts;
  }

  static List<String> strings(Row r, String field) {
    return r.isNullAt(r.fieldIndex(field)) ? List.of() : r.<String>getList(r.fieldIndex(field));
  }
}

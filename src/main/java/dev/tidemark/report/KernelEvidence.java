package dev.tidemark.report;

import dev.tidemark.control.ControlStore;
import dev.tidemark.control.ControlTable;
import dev.tidemark.kernel.FirstRows;
import dev.tidemark.kernel.KernelTables;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * The report's evidence read through Delta Kernel, with the orders and limits of the Spark queries
 * in {@link ReportReader}. The quarantine is streamed: counts and the newest few rows are kept,
 * never the table.
 */
final class KernelEvidence implements Evidence {
  private final KernelTables kernel;
  private final ControlStore tables;

  KernelEvidence(KernelTables kernel, ControlStore tables) {
    this.kernel = kernel;
    this.tables = tables;
  }

  /** Newest first by check time, then run id, as the Spark queries order them. */
  private static final Comparator<Row> NEWEST_CHECK_FIRST =
      Comparator.<Row, Timestamp>comparing(r -> r.getAs("checked_at"))
          .thenComparing(r -> r.<String>getAs("run_id"))
          .reversed();

  @Override
  public Optional<ReconciliationSummary> latestReconciliation(String pipeline) {
    return newest(tables.reconciliation(), pipeline, NEWEST_CHECK_FIRST, 1).stream()
        .findFirst()
        .map(ReportReader::reconciliation);
  }

  @Override
  public List<QualityCheck> quality(String pipeline) {
    Comparator<Row> order = NEWEST_CHECK_FIRST.thenComparing(r -> r.<String>getAs("check_name"));
    return newest(tables.quality(), pipeline, order, ReportReader.QUALITY_ROWS).stream()
        .map(ReportReader::qualityCheck)
        .toList();
  }

  /** Newest first (no time last), then by file, as the Spark query orders the samples. */
  private static final Comparator<Row> NEWEST_QUARANTINED_FIRST =
      Comparator.<Row, Timestamp>comparing(
              r -> r.getAs("quarantined_at"), Comparator.nullsFirst(Comparator.naturalOrder()))
          .reversed()
          .thenComparing(
              r -> r.<String>getAs("source_file"),
              Comparator.nullsFirst(Comparator.naturalOrder()));

  @Override
  public QuarantineSummary quarantine(String pipeline) {
    Map<String, Long> byReason = new HashMap<>();
    Map<String, Long> byFile = new HashMap<>();
    long[] total = {0};
    FirstRows newest = new FirstRows(NEWEST_QUARANTINED_FIRST, ReportReader.QUARANTINE_TOP);
    kernel.scan(
        tables.quarantine().path(),
        tables.quarantine().schema(),
        "pipeline",
        pipeline,
        r -> {
          total[0]++;
          byReason.merge(r.getAs("reason"), 1L, Long::sum);
          byFile.merge(r.getAs("source_file"), 1L, Long::sum);
          newest.accept(r);
        });
    if (total[0] == 0) {
      return QuarantineSummary.EMPTY;
    }
    List<QuarantineSummary.Sample> samples =
        newest.rows().stream().map(ReportReader::sample).toList();
    return new QuarantineSummary(total[0], top(byReason), top(byFile), samples);
  }

  /** The most frequent values, largest count first, then by value (NULL, shown as none, first). */
  private static Map<String, Long> top(Map<String, Long> counts) {
    Map<String, Long> top = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(
                    Map.Entry.comparingByKey(Comparator.nullsFirst(Comparator.naturalOrder()))))
        .limit(ReportReader.QUARANTINE_TOP)
        .forEach(e -> top.put(e.getKey() == null ? "(none)" : e.getKey(), e.getValue()));
    return top;
  }

  /** The first {@code limit} rows of the pipeline in {@code order}, read one at a time. */
  private List<Row> newest(ControlTable table, String pipeline, Comparator<Row> order, int limit) {
    FirstRows kept = new FirstRows(order, limit);
    kernel.scan(table.path(), table.schema(), "pipeline", pipeline, kept);
    return kept.rows();
  }
}

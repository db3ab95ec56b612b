package dev.tidemark.control;

import dev.tidemark.config.Ddl;
import dev.tidemark.kernel.DateWindow;
import dev.tidemark.kernel.FirstRows;
import dev.tidemark.kernel.KernelTables;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.PublishedFolder;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The control tables read through Delta Kernel, without Spark; only for tables at paths. Each
 * answer is the one the Spark queries of {@link RunLog}, {@link WatermarkStore} and {@link
 * IntervalLedger} give (the same filters and orders), mapped by their own row mappers.
 */
public final class KernelControlReads implements ControlReads {
  private final KernelTables kernel;
  private final ControlStore tables;

  public KernelControlReads(KernelTables kernel, ControlStore tables) {
    this.kernel = kernel;
    this.tables = tables;
  }

  @Override
  public boolean hasRuns() {
    return kernel.exists(tables.runs().path());
  }

  @Override
  public Watermark watermark(String pipeline) {
    List<Row> rows = rows(tables.watermarks(), "pipeline", pipeline);
    return rows.isEmpty() ? Watermark.NONE : WatermarkStore.fromRow(rows.get(0));
  }

  /** Newest first, as RunLog orders them: start time, then run id, both descending. */
  private static final Comparator<Row> NEWEST_FIRST =
      Comparator.<Row, Timestamp>comparing(r -> r.getAs("started_at"))
          .thenComparing(r -> r.<String>getAs("run_id"))
          .reversed();

  @Override
  public List<RunRecord> recentRuns(String pipeline, int limit) {
    // Only the newest rows are kept while reading: a long history is never held whole.
    FirstRows newest = new FirstRows(NEWEST_FIRST, limit);
    kernel.scan(tables.runs().path(), tables.runs().schema(), "pipeline", pipeline, newest);
    List<Row> rows = newest.rows();
    return rows.stream().map(RunLog::fromRow).toList();
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return rows(tables.runs(), "run_id", runId).stream().findFirst().map(RunLog::fromRow);
  }

  /** As RunLog orders them: start time, then the version left, then run id, all descending. */
  private static final Comparator<Row> LAST_PUBLISHED_FIRST =
      Comparator.<Row, Timestamp>comparing(r -> r.getAs("started_at"))
          .thenComparing(r -> r.<Long>getAs("target_version_after"))
          .thenComparing(r -> r.<String>getAs("run_id"))
          .reversed();

  @Override
  public List<PublishedVersion> lastPublished(String pipeline) {
    List<Row> published = runsPass(pipeline).lastPublished().rows();
    return published.stream()
        .filter(r -> r.getAs("started_at").equals(published.get(0).getAs("started_at")))
        .map(RunLog::publishedVersion)
        .toList();
  }

  @Override
  public List<RunRecord> unfinished(String pipeline) {
    // Rare: each is read whole on its own, from the same snapshot the pass read.
    return runsPass(pipeline).unfinished().stream()
        .map(r -> run(r.<String>getAs("run_id")))
        .flatMap(Optional::stream)
        .toList();
  }

  /**
   * The columns the checks read of every run: a row's other columns (its plan lists every folder
   * and file of its range) are most of its bytes, and a run's checks read the whole table.
   */
  private static final Set<String> CHECKED =
      Set.of(
          "pipeline",
          "run_id",
          "status",
          "started_at",
          "target_version_before",
          "target_version_after",
          "target_table_id");

  /**
   * What a run's checks need of the pipeline's runs, from one scan of a few columns: the target
   * check's last published versions and the runs left unfinished. A scan reads every file of the
   * runs table that may hold the pipeline, so a run that needs both pays for one.
   */
  private record RunsPass(FirstRows lastPublished, List<Row> unfinished) {}

  private final java.util.Map<String, RunsPass> passes = new java.util.HashMap<>();

  private RunsPass runsPass(String pipeline) {
    return passes.computeIfAbsent(
        pipeline,
        p -> {
          RunsPass pass = new RunsPass(new FirstRows(LAST_PUBLISHED_FIRST, 20), new ArrayList<>());
          StructType checked =
              new StructType(
                  Arrays.stream(tables.runs().schema().fields())
                      .filter(f -> CHECKED.contains(f.name()))
                      .toArray(StructField[]::new));
          kernel.scan(
              tables.runs().path(),
              checked,
              "pipeline",
              p,
              r -> {
                Long after = r.getAs("target_version_after");
                boolean running = RunStatus.RUNNING.label().equals(r.getAs("status"));
                if (running) {
                  pass.unfinished().add(r);
                } else if (after != null && after >= 0) {
                  pass.lastPublished().accept(r);
                }
              });
          return pass;
        });
  }

  @Override
  public List<Interval> intervals(String pipeline) {
    return kernel.rows(tables.intervals().path(), SUMMARIES, "pipeline", pipeline).stream()
        .map(IntervalLedger::summaryFromRow)
        .sorted(Comparator.comparing(Interval::landingDate))
        .toList();
  }

  /** The ledger's columns but its file names and digests. */
  private static final StructType SUMMARIES =
      new StructType(
          java.util.Arrays.stream(ControlStore.INTERVALS.fields())
              .filter(f -> !f.name().equals("files") && !f.name().equals("file_digests"))
              .toArray(StructField[]::new));

  @Override
  public List<PublishedFolder> processed(String pipeline, Optional<DateRange> within) {
    if (within.isEmpty()) {
      return IntervalLedger.processed(
          rows(tables.intervals(), "pipeline", pipeline).stream()
              .map(IntervalLedger::fromRow)
              .sorted(Comparator.comparing(Interval::landingDate))
              .toList());
    }
    DateRange range = within.get();
    return IntervalLedger.processed(
        kernel
            .rows(
                tables.intervals().path(),
                tables.intervals().schema(),
                "pipeline",
                pipeline,
                new DateWindow("landing_date", range.from(), range.to()))
            .stream()
            .map(IntervalLedger::fromRow)
            .sorted(Comparator.comparing(Interval::landingDate))
            .toList());
  }

  /** Read with the four columns it needs: years of file names are never read for it. */
  @Override
  public Map<LocalDate, String> fingerprintsBefore(String pipeline, LocalDate date) {
    Map<LocalDate, String> fingerprints = new HashMap<>();
    for (Row row : kernel.rows(tables.intervals().path(), FINGERPRINTS, "pipeline", pipeline)) {
      LocalDate landing = ControlRows.date(row, "landing_date").orElseThrow();
      if (landing.isBefore(date)
          && IntervalStatus.parse(row.getAs("status")) == IntervalStatus.PROCESSED) {
        fingerprints.put(landing, row.getAs("fingerprint"));
      }
    }
    return fingerprints;
  }

  private static final StructType FINGERPRINTS =
      Ddl.columns("pipeline STRING, landing_date DATE, status STRING, fingerprint STRING");

  private List<Row> rows(ControlTable table, String column, String value) {
    return kernel.rows(table.path(), table.schema(), column, value);
  }
}

package dev.tidemark.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.tidemark.control.ControlStore;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.report.RuntimeP95;
import dev.tidemark.report.Thresholds;
import dev.tidemark.testing.RunHistory;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every cell of every notebook in notebooks/ runs on local Spark against the control tables of a
 * real run history, and shows what those tables hold: expectations come from the tables, read here
 * in Java, never from the queries.
 */
class NotebooksTest {
  private static final Path NOTEBOOKS = Path.of("notebooks");
  private static final List<String> DOCUMENTED =
      List.of(
          "run_history.sql",
          "reconciliation.sql",
          "watermark_lag.sql",
          "quarantine.sql",
          "partition_coverage.sql");

  private static final NotebookRunner RUNNER = new NotebookRunner(TestSpark.session());
  private static final Map<String, NotebookResults> RESULTS = new HashMap<>();

  private static Workspace ws;
  private static Map<String, String> historyWidgets;

  @BeforeAll
  static void history() {
    ws = RunHistory.workspace();
    historyWidgets = Map.of("control_schema", schemaOver(ws.tables().location()));
  }

  /** Runs each notebook once over the history; the tests below read what its cells returned. */
  private static synchronized NotebookResults results(String name) {
    return RESULTS.computeIfAbsent(
        name, n -> RUNNER.runAll(Notebook.read(NOTEBOOKS.resolve(n)), historyWidgets));
  }

  @TestFactory
  Stream<DynamicTest> everyCellOfEveryNotebookRuns() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(NOTEBOOKS)) {
      files = listing.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    }
    assertThat(files.stream().map(f -> f.getFileName().toString())).containsAll(DOCUMENTED);
    return files.stream()
        .map(file -> dynamicTest(file.getFileName().toString(), () -> runsEveryCell(file)));
  }

  private static void runsEveryCell(Path file) {
    Notebook notebook = Notebook.read(file);
    NotebookCell firstCode =
        notebook.cells().stream()
            .filter(c -> c.kind() != NotebookCell.Kind.MARKDOWN)
            .findFirst()
            .orElseThrow();
    assertThat(firstCode.kind())
        .as("the first code cell declares the widgets")
        .isEqualTo(NotebookCell.Kind.WIDGETS);
    assertThat(notebook.widgetDefaults()).containsEntry("control_schema", "main.tidemark");
    assertThat(notebook.queries()).isNotEmpty();
    assertThat(results(notebook.name()).rows()).hasSameSizeAs(notebook.queries());
  }

  @Test
  void readmeDescribesEveryNotebook() throws IOException {
    String readme = Files.readString(NOTEBOOKS.resolve("README.md"));
    try (Stream<Path> listing = Files.list(NOTEBOOKS)) {
      listing
          .map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".sql"))
          .forEach(name -> assertThat(readme).contains("`" + name + "`"));
    }
    assertThat(readme).doesNotContain("Not written yet");
  }

  @Test
  void runHistoryShowsEveryRunAsTheRunsTableHoldsIt() {
    List<Row> table =
        Tables.delta(ws.tables().runs().path())
            .orderBy(functions.col("started_at").desc(), functions.col("run_id").desc())
            .collectAsList();
    List<Row> shown = results("run_history.sql").of("Runs");

    assertThat(shown).hasSize(5).hasSameSizeAs(table);
    assertThat(column(shown, "run_id")).isEqualTo(column(table, "run_id"));
    assertThat(column(shown, "status")).isEqualTo(column(table, "status"));
    assertThat(column(shown, "mode")).isEqualTo(column(table, "mode"));
    assertThat(column(shown, "duration_ms")).isEqualTo(column(table, "duration_ms"));
    assertThat(column(shown, "rows_read")).isEqualTo(column(table, "rows_read"));
    assertThat(column(shown, "duplicate_keys_per_1000"))
        .isEqualTo(column(table, "duplicate_keys_per_1000"));
    assertThat(column(shown, "mismatch_count")).isEqualTo(column(table, "mismatch_count"));
    assertThat(column(shown, "status")).contains("succeeded", "breached", "failed");

    assertThat(results("run_history.sql").of("Stage durations")).hasSameSizeAs(table);
  }

  @Test
  void thePipelineWidgetNarrowsToOnePipeline() {
    Notebook notebook = Notebook.read(NOTEBOOKS.resolve("run_history.sql"));
    NotebookCell runs = notebook.titled("Runs");
    assertThat(RUNNER.run(notebook, runs, with("pipeline", "orders"))).hasSize(5);
    assertThat(RUNNER.run(notebook, runs, with("pipeline", "no-such-pipeline"))).isEmpty();
  }

  @Test
  void p95IsTidemarksNearestRankPerKindOfRun() {
    NotebookResults results = results("run_history.sql");
    int window = Integer.parseInt(results.notebook().widgetDefaults().get("runtime_window"));
    List<RunRecord> runs = new RunLog(TestSpark.session(), ws.tables()).recent("orders", 1000);
    Map<String, Long> expected = new TreeMap<>();
    for (RuntimeP95 p95 : Thresholds.p95ByKind(runs, window)) {
      expected.put(p95.kind().label(), p95.p95Ms());
    }

    Map<String, Long> shown = new TreeMap<>();
    for (Row row : results.of("p95 runtime")) {
      assertThat(row.<String>getAs("pipeline")).isEqualTo("orders");
      shown.put(row.getAs("kind"), row.getAs("p95_ms"));
    }
    assertThat(shown).isEqualTo(expected).containsKeys("backfill", "incremental");
  }

  /** The notebook's comment says why percentile_disc and not percentile: this holds it to that. */
  @Test
  void percentileDiscIsTheNearestRankForEveryWindowSize() {
    List<Row> rows =
        TestSpark.session()
            .sql(
                "SELECT n, CAST(percentile_disc(0.95) WITHIN GROUP (ORDER BY v) AS BIGINT) AS p95,"
                    + " percentile(v, 0.95) AS interpolated"
                    + " FROM (SELECT n, step * 10 AS v FROM (SELECT id AS n,"
                    + " explode(sequence(CAST(1 AS BIGINT), id)) AS step FROM range(1, 41)))"
                    + " GROUP BY n ORDER BY n")
            .collectAsList();
    assertThat(rows).hasSize(40);
    boolean interpolationDiffers = false;
    for (Row row : rows) {
      long n = row.getLong(0);
      long nearestRank = 10 * (long) Math.ceil(0.95 * n);
      assertThat(row.getLong(1)).as("p95 of %d values", n).isEqualTo(nearestRank);
      interpolationDiffers |= row.getDouble(2) != nearestRank;
    }
    assertThat(interpolationDiffers).as("percentile() would not do").isTrue();
    assertThat(Notebook.read(NOTEBOOKS.resolve("run_history.sql")).titled("p95 runtime").text())
        .contains("percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms)");
  }

  @Test
  void reconciliationLatestCheckIsTheNewestRowOfTheTable() {
    List<Row> table =
        Tables.delta(ws.tables().reconciliation().path())
            .orderBy(functions.col("checked_at").desc(), functions.col("run_id").desc())
            .collectAsList();
    NotebookResults results = results("reconciliation.sql");
    List<Row> latest = results.of("Latest check");

    assertThat(table).isNotEmpty();
    assertThat(latest).hasSize(1);
    Row newest = table.get(0);
    for (String column :
        List.of(
            "pipeline",
            "run_id",
            "checked_at",
            "status",
            "scope",
            "reference",
            "as_of",
            "reference_rows",
            "target_rows",
            "missing",
            "extra",
            "mismatched",
            "target_duplicate_keys")) {
      assertThat(latest.get(0).<Object>getAs(column)).as(column).isEqualTo(newest.getAs(column));
    }
    assertThat(column(results.of("Checks"), "run_id")).isEqualTo(column(table, "run_id"));
    assertThat(results.of("Mismatched columns"))
        .hasSize(table.stream().mapToInt(r -> sizeOfMap(r, "mismatched_columns")).sum());
    assertThat(results.of("Sample keys"))
        .hasSize(
            table.stream()
                .mapToInt(
                    r ->
                        sizeOfList(r, "missing_sample")
                            + sizeOfList(r, "extra_sample")
                            + sizeOfList(r, "mismatched_sample"))
                .sum());
  }

  /**
   * The history reconciles cleanly, so the drill-down is checked on a check that found problems.
   */
  @Test
  void reconciliationDrillsDownIntoColumnsAndSampleKeys(@TempDir Path dir) {
    String location = scratchControlTables(dir);
    sql(
        "INSERT INTO delta.`%s/reconciliation` VALUES"
            + " ('r-1', 'orders', TIMESTAMP'2026-01-02 10:00:00', 'batch', 'golden',"
            + "  DATE'2026-01-01', 10, 10, 0, 0, 0, 0, map(), array(), array(), array(),"
            + "  'passed', NULL),"
            + " ('r-2', 'orders', TIMESTAMP'2026-01-03 10:00:00', 'batch', 'golden',"
            + "  DATE'2026-01-02', 12, 11, 2, 1, 3, 0, map('amount', 3, 'status', 1),"
            + "  array('ORD-1', 'ORD-2'), array('ORD-9'), array('ORD-3', 'ORD-4', 'ORD-5'),"
            + "  'breached', 'reconcile.max-missing: 2 > 0')",
        location);
    Notebook notebook = Notebook.read(NOTEBOOKS.resolve("reconciliation.sql"));
    NotebookResults results =
        RUNNER.runAll(notebook, Map.of("control_schema", schemaOver(location)));

    Row latest = results.of("Latest check").get(0);
    assertThat(latest.<String>getAs("run_id")).isEqualTo("r-2");
    assertThat(latest.<Long>getAs("mismatch_count")).isEqualTo(6L);
    assertThat(results.of("Checks")).hasSize(2);
    assertThat(results.of("Mismatched columns"))
        .extracting(r -> r.getAs("column_name") + "=" + r.getAs("mismatched_rows"))
        .containsExactly("amount=3", "status=1");
    assertThat(results.of("Sample keys"))
        .extracting(r -> r.getAs("kind") + ":" + r.getAs("sample_key"))
        .containsExactly(
            "extra:ORD-9",
            "mismatched:ORD-3",
            "mismatched:ORD-4",
            "mismatched:ORD-5",
            "missing:ORD-1",
            "missing:ORD-2");
  }

  @Test
  void watermarkLagIsNowMinusTheEventWatermark() {
    Row watermark = Tables.delta(ws.tables().watermarks().path()).collectAsList().get(0);
    Notebook notebook = Notebook.read(NOTEBOOKS.resolve("watermark_lag.sql"));
    Instant event = watermark.<Timestamp>getAs("event_watermark").toInstant();

    long before = Instant.now().getEpochSecond() - event.getEpochSecond();
    List<Row> now = RUNNER.run(notebook, notebook.titled("Lag now"), historyWidgets);
    long after = Instant.now().getEpochSecond() - event.getEpochSecond();

    assertThat(now).hasSize(1);
    Row shown = now.get(0);
    assertThat(shown.<String>getAs("pipeline")).isEqualTo("orders");
    assertThat(shown.<Object>getAs("landing_watermark"))
        .isEqualTo(watermark.getAs("landing_watermark"));
    assertThat(shown.<Object>getAs("event_watermark"))
        .isEqualTo(watermark.getAs("event_watermark"));
    assertThat(shown.<Long>getAs("lag_seconds")).isBetween(before, after);
    long lag = shown.getAs("lag_seconds");
    assertThat(shown.<String>getAs("lag"))
        .isEqualTo(lag / 86400 + "d " + lag % 86400 / 3600 + "h " + lag % 3600 / 60 + "m");

    List<Row> runs =
        Tables.delta(ws.tables().runs().path())
            .orderBy(functions.col("started_at"), functions.col("run_id"))
            .collectAsList();
    List<Row> overRuns = results("watermark_lag.sql").of("Lag over runs");
    assertThat(column(overRuns, "run_id")).isEqualTo(column(runs, "run_id"));
    assertThat(column(overRuns, "watermark_lag_seconds"))
        .isEqualTo(column(runs, "watermark_lag_seconds"))
        .anyMatch(java.util.Objects::nonNull);
  }

  @Test
  void quarantineShowsTheBrokenLineByFileAndReason() {
    List<Row> table = Tables.delta(ws.tables().quarantine().path()).collectAsList();
    Map<String, Long> expected =
        table.stream()
            .collect(
                Collectors.groupingBy(
                    r ->
                        r.getAs("pipeline")
                            + "|"
                            + r.getAs("reason")
                            + "|"
                            + fileName(r.getAs("source_file")),
                    TreeMap::new,
                    Collectors.counting()));
    NotebookResults results = results("quarantine.sql");

    Map<String, Long> counts = new TreeMap<>();
    for (Row row : results.of("Counts")) {
      assertThat(row.<String>getAs("file_name")).isEqualTo(fileName(row.getAs("source_file")));
      counts.put(
          row.getAs("pipeline") + "|" + row.getAs("reason") + "|" + row.getAs("file_name"),
          row.getAs("quarantined_rows"));
    }
    assertThat(counts).isEqualTo(expected);
    // RunHistory lands one broken line in broken.json.
    assertThat(results.of("Counts"))
        .extracting(r -> r.getAs("file_name") + ":" + r.getAs("quarantined_rows"))
        .contains("broken.json:1");

    List<Row> newest = results.of("Newest rows");
    assertThat(newest).hasSize(Math.min(100, table.size()));
    assertThat(column(newest, "raw")).containsExactlyInAnyOrderElementsOf(column(table, "raw"));
  }

  @Test
  void coverageShowsTheLedgersDatesAndTheGapsBetweenThem() {
    List<Row> ledger =
        Tables.delta(ws.tables().intervals().path()).orderBy("landing_date").collectAsList();
    List<LocalDate> dates =
        ledger.stream().map(r -> r.<Date>getAs("landing_date").toLocalDate()).toList();
    List<LocalDate> gaps =
        dates
            .get(0)
            .datesUntil(dates.get(dates.size() - 1).plusDays(1))
            .filter(d -> !dates.contains(d))
            .toList();
    NotebookResults results = results("partition_coverage.sql");

    Row coverage = results.of("Coverage").get(0);
    assertThat(coverage.<Long>getAs("processed_dates")).isEqualTo(count(ledger, "processed"));
    assertThat(coverage.<Long>getAs("unverified_dates")).isEqualTo(count(ledger, "unverified"));
    assertThat(coverage.<Date>getAs("first_date").toLocalDate()).isEqualTo(dates.get(0));
    assertThat(coverage.<Date>getAs("last_date").toLocalDate())
        .isEqualTo(dates.get(dates.size() - 1));
    assertThat(coverage.<Long>getAs("gap_dates")).isEqualTo((long) gaps.size());
    assertThat(column(results.of("Landing dates"), "landing_date"))
        .isEqualTo(column(ledger, "landing_date"));
    assertThat(column(results.of("Landing dates"), "status")).isEqualTo(column(ledger, "status"));
    assertThat(results.of("Gaps"))
        .extracting(r -> r.<Date>getAs("landing_date").toLocalDate())
        .isEqualTo(gaps);
  }

  /** The history has no hole inside its published span, so one is made here. */
  @Test
  void coverageFindsAHoleInsideThePublishedSpan(@TempDir Path dir) {
    String location = scratchControlTables(dir);
    sql(
        "INSERT INTO delta.`%s/intervals` VALUES"
            + " ('orders', DATE'2026-01-01', 'processed', 'f1', 1, 10, 'h', 'r-1',"
            + "  TIMESTAMP'2026-01-02 00:00:00', NULL, NULL),"
            + " ('orders', DATE'2026-01-02', 'processed', 'f2', 1, 10, 'h', 'r-1',"
            + "  TIMESTAMP'2026-01-03 00:00:00', NULL, NULL),"
            + " ('orders', DATE'2026-01-05', 'unverified', 'f5', 2, 20, 'h', 'r-2',"
            + "  TIMESTAMP'2026-01-06 00:00:00', NULL, NULL),"
            + " ('returns', DATE'2026-01-03', 'processed', 'f3', 1, 10, 'h', 'r-3',"
            + "  TIMESTAMP'2026-01-04 00:00:00', NULL, NULL)",
        location);
    Notebook notebook = Notebook.read(NOTEBOOKS.resolve("partition_coverage.sql"));
    NotebookResults results =
        RUNNER.runAll(notebook, Map.of("control_schema", schemaOver(location)));

    assertThat(results.of("Gaps"))
        .extracting(r -> r.getAs("pipeline") + " " + r.getAs("landing_date"))
        .containsExactly("orders 2026-01-03", "orders 2026-01-04");
    assertThat(results.of("Coverage"))
        .extracting(
            r ->
                r.getAs("pipeline")
                    + " "
                    + r.getAs("processed_dates")
                    + "/"
                    + r.getAs("unverified_dates")
                    + " gaps "
                    + r.getAs("gap_dates"))
        .containsExactly("orders 2/1 gaps 2", "returns 1/0 gaps 0");
  }

  private static String scratchControlTables(Path dir) {
    String location = "file:" + dir.toAbsolutePath() + "/_tidemark";
    new ControlStore(location).ensureExist(TestSpark.session());
    return location;
  }

  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  /**
   * A schema whose tables are the control tables under {@code location}: the notebooks read the
   * control tables by name, as the databricks profile keeps them (tidemark.control-schema).
   */
  private static String schemaOver(String location) {
    String schema = "spark_catalog.notebooks_" + SCHEMAS.incrementAndGet();
    // Its own folder, so that the session catalog makes none under the working directory.
    TestSpark.session()
        .sql("CREATE SCHEMA " + schema + " LOCATION '" + location + "/../" + schema + ".db'")
        .collect();
    for (String table :
        List.of("runs", "watermarks", "intervals", "reconciliation", "quarantine")) {
      TestSpark.session()
          .sql(
              "CREATE TABLE "
                  + schema
                  + "."
                  + table
                  + " USING delta LOCATION '"
                  + location
                  + "/"
                  + table
                  + "'")
          .collect();
    }
    return schema;
  }

  private static void sql(String template, String location) {
    TestSpark.session().sql(String.format(template, location)).collect();
  }

  private static Map<String, String> with(String widget, String value) {
    Map<String, String> values = new HashMap<>(historyWidgets);
    values.put(widget, value);
    return values;
  }

  private static List<Object> column(List<Row> rows, String name) {
    return rows.stream().map(r -> r.getAs(name)).toList();
  }

  private static long count(List<Row> ledger, String status) {
    return ledger.stream().filter(r -> status.equals(r.getAs("status"))).count();
  }

  private static int sizeOfMap(Row row, String column) {
    return row.isNullAt(row.fieldIndex(column)) ? 0 : row.getJavaMap(row.fieldIndex(column)).size();
  }

  private static int sizeOfList(Row row, String column) {
    return row.isNullAt(row.fieldIndex(column)) ? 0 : row.getList(row.fieldIndex(column)).size();
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}

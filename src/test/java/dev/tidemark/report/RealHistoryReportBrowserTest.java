package dev.tidemark.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.Browser;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.ReportPage;
import dev.tidemark.testing.RunHistory;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * {@code tidemark report} over the control tables of real runs (a backfill, incremental runs, a
 * no-op, a breached and a failed run, a quarantined line), opened in a real headless Chromium: the
 * charts and tables exist, and the numbers the browser shows are the control tables' numbers.
 */
class RealHistoryReportBrowserTest {
  @Test
  void theReportOfARealHistoryShowsTheControlTablesNumbers() throws Exception {
    Workspace ws = RunHistory.workspace();
    Path page = Path.of("target", "html-report", "real-history.html").toAbsolutePath();
    Cli.Result result = Cli.run(ws, RunHistory.clock(), "report", "--out", page.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Report of orders written to " + page, "5 runs");
    assertThat(Files.readString(page)).doesNotContain("http://", "https://");

    List<Row> runs =
        Tables.delta(ws.tables().runs().path())
            .orderBy(functions.col("started_at").desc())
            .collectAsList();
    try (Browser browser = Browser.start(1280, 900)) {
      browser.open(page);
      browser.screenshot(Path.of("target", "screenshots", "real-history.png"));

      assertThat(browser.findAll("[data-pipeline=orders]")).hasSize(1);
      for (String chart : List.of("runtime", "duplicates", "mismatches", "lag", "rows")) {
        Map<?, ?> box =
            (Map<?, ?>)
                browser.js(
                    "const r = document.querySelector('svg[data-chart=\"' + arguments[0] + '\"]')"
                        + ".getBoundingClientRect(); return {w: r.width, h: r.height};",
                    chart);
        assertThat(((Number) box.get("w")).doubleValue()).as(chart).isGreaterThan(300);
        assertThat(((Number) box.get("h")).doubleValue()).as(chart).isGreaterThan(100);
      }

      // Runtime markers: one per run, each carrying the run's duration_ms.
      Map<String, Long> durations = new HashMap<>();
      runs.forEach(r -> durations.put(r.getAs("run_id"), r.<Long>getAs("duration_ms")));
      @SuppressWarnings("unchecked")
      List<List<String>> markers =
          (List<List<String>>)
              browser.js(
                  "return Array.from(document.querySelectorAll("
                      + "'svg[data-chart=runtime] circle[data-value]'))"
                      + ".map(c => [c.dataset.runId, c.dataset.value]);");
      assertThat(markers).hasSize(5);
      markers.forEach(
          m ->
              assertThat(Double.parseDouble(m.get(1)))
                  .as(m.get(0))
                  .isEqualTo(durations.get(m.get(0)).doubleValue()));

      // The runs table, newest first, cell by cell against the runs table.
      List<Map<String, String>> rows = ReportPage.runsTable(browser);
      assertThat(rows).hasSize(runs.size());
      for (int i = 0; i < rows.size(); i++) {
        Row expected = runs.get(i);
        Map<String, String> shown = rows.get(i);
        assertThat(shown.get("id")).isEqualTo(expected.getAs("run_id"));
        assertThat(shown.get("status")).isEqualTo(expected.getAs("status"));
        assertThat(number(shown.get("rows_read"))).isEqualTo(expected.getAs("rows_read"));
        assertThat(number(shown.get("quarantined"))).isEqualTo(expected.getAs("rows_quarantined"));
        assertThat(number(shown.get("inserted"))).isEqualTo(expected.getAs("rows_inserted"));
        assertThat(number(shown.get("updated"))).isEqualTo(expected.getAs("rows_updated"));
        assertThat(number(shown.get("unchanged"))).isEqualTo(expected.getAs("rows_unchanged"));
        assertThat(number(shown.get("mismatches"))).isEqualTo(expected.getAs("mismatch_count"));
        assertThat(number(shown.get("lag_seconds")))
            .isEqualTo(expected.getAs("watermark_lag_seconds"));
      }

      // The calendar: each state the history produced, on its date.
      Map<String, String> states = new HashMap<>();
      for (var day : browser.findAll("[data-section=calendar] [data-date]")) {
        states.put(day.getDomAttribute("data-date"), day.getDomAttribute("data-state"));
      }
      assertThat(states)
          .containsEntry("2026-01-01", "processed")
          .containsEntry(RunHistory.STALE_DATE.toString(), "stale")
          .containsEntry("2026-01-06", "missing")
          .containsEntry(RunHistory.FAILED_DATE.toString(), "failed")
          .containsEntry("2026-01-08", "missing")
          .containsEntry(RunHistory.GAP_DATE.toString(), "not_processed");

      // The latest reconciliation and the quarantine, against their tables.
      Row reconciliation =
          Tables.delta(ws.tables().reconciliation().path())
              .orderBy(functions.col("checked_at").desc())
              .first();
      for (String field :
          List.of("reference_rows", "target_rows", "missing", "extra", "mismatched")) {
        assertThat(
                number(
                    browser
                        .find("[data-section=reconciliation] td[data-field=" + field + "]")
                        .getDomAttribute("data-value")))
            .as(field)
            .isEqualTo(reconciliation.getAs(field));
      }
      long quarantined = Tables.delta(ws.tables().quarantine().path()).count();
      assertThat(quarantined).isEqualTo(1);
      assertThat(
              browser
                  .find("[data-section=quarantine] [data-field=quarantined_rows]")
                  .getDomAttribute("data-value"))
          .isEqualTo("1");
      assertThat(browser.find("[data-section=quarantine]").getText()).contains("broken.json");
      assertThat(browser.find("[data-pipeline=orders]").getText()).contains("thresholds.max-lag");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  private static Long number(String value) {
    return value == null ? null : Long.valueOf(value);
  }
}

package dev.tidemark.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.control.RunRecord;
import dev.tidemark.reconcile.Findings;
import dev.tidemark.report.CoverageState;
import dev.tidemark.report.DateCoverage;
import dev.tidemark.report.PipelineReport;
import dev.tidemark.testing.Browser;
import dev.tidemark.testing.ReportPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report as a person sees it: rendered by a real headless Chromium at 1280 pixels wide, checked
 * through the DOM the browser built (boxes, markers, cells, calendar days), and saved as a
 * screenshot under target/screenshots/ to look at.
 */
class HtmlReportBrowserTest {
  private static final Path PAGES = Path.of("target", "html-report");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final int WIDTH = 1280;

  /** Each chart's series, and the value the model has for a run in it (the spec, restated). */
  private static final Map<String, Function<RunRecord, Optional<Double>>> SERIES = series();

  private static Browser browser;

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start(WIDTH, 900);
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void oneRunShowsAsVisibleDots() throws IOException {
    PipelineReport pipeline = SyntheticReports.singleRun();
    open("single-run", pipeline);

    assertChartsMatchTheModel(pipeline);
    for (String chart : List.of("runtime", "duplicates", "mismatches", "lag", "rows")) {
      // The one marker is drawn, and it is what the browser finds at its own centre.
      Map<?, ?> marker =
          (Map<?, ?>)
              browser.js(
                  """
                  const svg = document.querySelector('svg[data-chart="' + arguments[0] + '"]');
                  const dot = svg.querySelector('circle[data-value]');
                  dot.scrollIntoView({block: 'center'});
                  const d = dot.getBoundingClientRect(), s = svg.getBoundingClientRect();
                  const hit = document.elementFromPoint(d.x + d.width / 2, d.y + d.height / 2);
                  return {w: d.width, h: d.height,
                          inside: d.left >= s.left && d.right <= s.right
                                  && d.top >= s.top && d.bottom <= s.bottom,
                          hit: hit === dot};
                  """,
                  chart);
      assertThat(((Number) marker.get("w")).doubleValue()).as(chart).isGreaterThan(4);
      assertThat(((Number) marker.get("h")).doubleValue()).as(chart).isGreaterThan(4);
      assertThat(marker.get("inside")).as(chart + " marker inside its chart").isEqualTo(true);
      assertThat(marker.get("hit")).as(chart + " marker not hidden").isEqualTo(true);
    }
    assertRunsTableMatches(pipeline.runs());
    assertCalendarMatches(pipeline.calendar());
    assertSelfContained();
  }

  @Test
  void aThousandRunsFitTheWindowAndMatchTheModel() throws IOException {
    PipelineReport pipeline = SyntheticReports.manyRuns(1_000);
    open("thousand-runs", pipeline);

    assertNoHorizontalScrolling(WIDTH);
    assertChartsMatchTheModel(pipeline);
    assertRunsTableMatches(pipeline.runs().subList(950, 1_000));
    assertThat(browser.find("[data-section=runs] .note").getText())
        .isEqualTo("Showing the last 50 of 1,000 runs.");
    assertCalendarMatches(pipeline.calendar());
    assertThat(pipeline.calendar().stream().map(DateCoverage::state).distinct())
        .containsExactlyInAnyOrder(CoverageState.values());
    assertLatestEvidenceMatches(pipeline);
    assertSelfContained();
  }

  @Test
  void aThousandRunsFitANarrowWindowToo() throws IOException {
    open("thousand-runs-narrow", SyntheticReports.manyRuns(1_000));
    try {
      browser.resize(480, 900);
      assertNoHorizontalScrolling(480);
      browser.screenshot(SCREENSHOTS.resolve("thousand-runs-480px.png"));
    } finally {
      browser.resize(WIDTH, 900);
    }
  }

  @Test
  void anEmptyPipelineRendersItsMessages() throws IOException {
    open("empty", SyntheticReports.empty("customers"));

    assertThat(browser.find("[data-pipeline=customers]").getText())
        .contains("No runs yet", "No quality checks recorded for this pipeline.");
    assertThat(browser.findAll("svg")).isEmpty();
    assertSelfContained();
  }

  private static void open(String name, PipelineReport pipeline) throws IOException {
    Files.createDirectories(PAGES);
    Path page = PAGES.resolve(name + ".html");
    Files.writeString(
        page, HtmlReport.render(SyntheticReports.report(pipeline)), StandardCharsets.UTF_8);
    browser.open(page);
    browser.screenshot(SCREENSHOTS.resolve(name + ".png"));
  }

  private static void assertNoHorizontalScrolling(int width) {
    Map<?, ?> page =
        (Map<?, ?>)
            browser.js(
                "return {scroll: document.documentElement.scrollWidth,"
                    + " client: document.documentElement.clientWidth}");
    assertThat(((Number) page.get("scroll")).longValue())
        .as("no horizontal scrolling at %d px", width)
        .isLessThanOrEqualTo(((Number) page.get("client")).longValue());
  }

  /**
   * The reconciliation's counts and the quarantine's as the model has them, and a long raw row
   * clipped to its cell with the whole text in its tooltip.
   */
  private static void assertLatestEvidenceMatches(PipelineReport pipeline) {
    Findings r = pipeline.latestReconciliation().orElseThrow().findings();
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("reference_rows", r.referenceRows());
    counts.put("target_rows", r.targetRows());
    counts.put("missing", r.missing());
    counts.put("extra", r.extra());
    counts.put("mismatched", r.mismatched());
    counts.put("mismatch_count", r.mismatchCount());
    counts.put("target_duplicate_keys", r.targetDuplicateKeys());
    counts.forEach(
        (field, value) ->
            assertThat(
                    browser
                        .find("[data-section=reconciliation] td[data-field=" + field + "]")
                        .getDomAttribute("data-value"))
                .as(field)
                .isEqualTo(Long.toString(value)));
    assertThat(
            browser
                .find("[data-section=quarantine] [data-field=quarantined_rows]")
                .getDomAttribute("data-value"))
        .isEqualTo(Long.toString(pipeline.quarantine().rows()));

    String raw = pipeline.quarantine().samples().get(0).raw();
    Map<?, ?> cell =
        (Map<?, ?>)
            browser.js(
                """
                const c = document.querySelector('[data-section=quarantine] td[data-field=raw] code');
                return {title: c.title, text: c.textContent,
                        clipped: c.scrollWidth > c.clientWidth, width: c.getBoundingClientRect().width};
                """);
    assertThat(cell.get("text")).isEqualTo(raw);
    assertThat(cell.get("title")).isEqualTo(raw);
    assertThat(cell.get("clipped")).as("long raw text clipped").isEqualTo(true);
    assertThat(((Number) cell.get("width")).doubleValue()).isLessThan(WIDTH / 2.0);
  }

  /** Every chart drawn with a size, and one marker per run that has a value, carrying it. */
  private static void assertChartsMatchTheModel(PipelineReport pipeline) {
    for (String chart : List.of("runtime", "duplicates", "mismatches", "lag", "rows")) {
      Map<?, ?> box =
          (Map<?, ?>)
              browser.js(
                  "const r = document.querySelector('svg[data-chart=\"' + arguments[0] + '\"]')"
                      + ".getBoundingClientRect(); return {w: r.width, h: r.height};",
                  chart);
      assertThat(((Number) box.get("w")).doubleValue()).as(chart + " width").isGreaterThan(300);
      assertThat(((Number) box.get("h")).doubleValue()).as(chart + " height").isGreaterThan(100);
    }
    SERIES.forEach(
        (key, value) -> {
          String[] chartSeries = key.split("/");
          List<List<Object>> expected = new ArrayList<>();
          for (RunRecord run : pipeline.runs()) {
            value.apply(run).ifPresent(v -> expected.add(List.of(run.runId(), v)));
          }
          @SuppressWarnings("unchecked")
          List<List<Object>> markers =
              (List<List<Object>>)
                  browser.js(
                      """
                      const svg = document.querySelector('svg[data-chart="' + arguments[0] + '"]');
                      const s = svg.getBoundingClientRect();
                      return Array.from(svg.querySelectorAll(
                          'g[data-series="' + arguments[1] + '"] circle[data-value]'))
                        .map(c => {
                          const r = c.getBoundingClientRect();
                          if (r.width <= 0 || r.left < s.left - 0.5 || r.right > s.right + 0.5
                              || r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5) {
                            return [c.dataset.runId, 'outside its chart'];
                          }
                          return [c.dataset.runId, parseFloat(c.dataset.value)];
                        });
                      """,
                      chartSeries[0],
                      chartSeries[1]);
          assertThat(markers).as(key + " markers").hasSameSizeAs(expected);
          for (int i = 0; i < expected.size(); i++) {
            assertThat(markers.get(i).get(0)).as(key + " run").isEqualTo(expected.get(i).get(0));
            assertThat(((Number) markers.get(i).get(1)).doubleValue())
                .as(key + " value of " + expected.get(i).get(0))
                .isEqualTo((Double) expected.get(i).get(1));
          }
        });
  }

  /** The table lists these runs newest first, each number exact in its cell's data-value. */
  private static void assertRunsTableMatches(List<RunRecord> oldestFirst) {
    List<Map<String, String>> rows = ReportPage.runsTable(browser);
    assertThat(rows).hasSameSizeAs(oldestFirst);
    for (int i = 0; i < rows.size(); i++) {
      RunRecord run = oldestFirst.get(oldestFirst.size() - 1 - i);
      Map<String, String> row = rows.get(i);
      assertThat(row.get("id")).isEqualTo(run.runId());
      assertThat(row.get("status")).isEqualTo(run.status().label());
      Map<String, Optional<? extends Number>> expected = new LinkedHashMap<>();
      expected.put("duration_ms", run.durationMs());
      expected.put("rows_read", run.staged().map(RunRecord.StageCounts::rowsRead));
      expected.put("quarantined", run.staged().map(RunRecord.StageCounts::rowsQuarantined));
      expected.put(
          "duplicates_removed", run.staged().map(RunRecord.StageCounts::duplicatesRemoved));
      expected.put(
          "dup_keys_per_1000", run.staged().map(RunRecord.StageCounts::duplicateKeysPer1000));
      expected.put("inserted", run.published().map(RunRecord.PublishCounts::inserted));
      expected.put("updated", run.published().map(RunRecord.PublishCounts::updated));
      expected.put("deleted", run.published().map(RunRecord.PublishCounts::deleted));
      expected.put("unchanged", run.published().map(RunRecord.PublishCounts::unchanged));
      expected.put("mismatches", run.reconciled().map(RunRecord.ReconcileCounts::mismatchCount));
      expected.put("lag_seconds", run.watermarks().flatMap(RunRecord.WatermarkMove::lagSeconds));
      expected.forEach(
          (field, value) -> {
            Object cell = row.get(field);
            if (value.isEmpty()) {
              assertThat(cell).as(run.runId() + " " + field).isNull();
            } else {
              assertThat(Double.parseDouble((String) cell))
                  .as(run.runId() + " " + field)
                  .isEqualTo(value.get().doubleValue());
            }
          });
    }
  }

  /** One cell per date, in the state the model gives it. */
  private static void assertCalendarMatches(List<DateCoverage> calendar) {
    @SuppressWarnings("unchecked")
    List<List<String>> days =
        (List<List<String>>)
            browser.js(
                """
                return Array.from(document.querySelectorAll('[data-section=calendar] [data-date]'))
                  .map(d => {
                    const r = d.getBoundingClientRect();
                    return [d.dataset.date, d.dataset.state, r.width > 0 && r.height > 0 ? 'shown' : 'hidden'];
                  });
                """);
    assertThat(days).hasSameSizeAs(calendar);
    Map<String, String> byDate = new LinkedHashMap<>();
    days.forEach(d -> byDate.put(d.get(0), d.get(1)));
    for (DateCoverage c : calendar) {
      assertThat(byDate.get(c.date().toString()))
          .as("state of " + c.date())
          .isEqualTo(c.state().name().toLowerCase(Locale.ROOT));
    }
    assertThat(days).allSatisfy(d -> assertThat(d.get(2)).isEqualTo("shown"));
  }

  /** Nothing was fetched, and nothing went wrong in the page. */
  private static void assertSelfContained() {
    assertThat(browser.js("return performance.getEntriesByType('resource').length")).isEqualTo(0L);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  private static Map<String, Function<RunRecord, Optional<Double>>> series() {
    Map<String, Function<RunRecord, Optional<Double>>> series = new LinkedHashMap<>();
    series.put("runtime/runtime", r -> r.durationMs().map(Long::doubleValue));
    series.put("duplicates/raw", r -> r.staged().map(RunRecord.StageCounts::duplicateKeysPer1000));
    series.put(
        "duplicates/target",
        r -> r.reconciled().flatMap(RunRecord.ReconcileCounts::targetDuplicateKeysPer1000));
    series.put("mismatches/mismatches", r -> r.reconciled().map(c -> (double) c.mismatchCount()));
    series.put(
        "lag/lag",
        r -> r.watermarks().flatMap(RunRecord.WatermarkMove::lagSeconds).map(Long::doubleValue));
    series.put("rows/inserted", r -> r.published().map(p -> (double) p.inserted()));
    series.put("rows/updated", r -> r.published().map(p -> (double) p.updated()));
    series.put("rows/deleted", r -> r.published().map(p -> (double) p.deleted()));
    return series;
  }
}

package dev.tidemark.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.control.RunStatus;
import dev.tidemark.plan.Batch;
import dev.tidemark.plan.DateRange;
import dev.tidemark.report.BackfillProgress;
import dev.tidemark.report.CoverageState;
import dev.tidemark.report.DateCoverage;
import dev.tidemark.report.LandingHours;
import dev.tidemark.report.PipelineReport;
import dev.tidemark.report.PipelineStatus;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The rendered page as text: escaped, self-contained, friendly when empty, small when large. */
class HtmlReportTest {
  private static final String ESCAPED =
      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;";

  @Test
  void escapesUserTextEverywhere() {
    String html = HtmlReport.render(SyntheticReports.report(SyntheticReports.hostile()));

    // Only the page's own markup has tags: the user's <script> never reaches the page as a tag.
    assertThat(html).doesNotContain("<script").doesNotContain("alert('x')");
    assertThat(html)
        .contains("orders " + ESCAPED) // pipeline name, heading and data-pipeline
        .contains("data-pipeline=\"orders " + ESCAPED + "\"")
        .contains("missing " + ESCAPED) // sample keys
        .contains("extra " + ESCAPED)
        .contains("mismatched " + ESCAPED)
        .contains("amount " + ESCAPED) // a mismatched column
        .contains("raw " + ESCAPED) // a quarantined row's raw text
        .contains("reason " + ESCAPED)
        .contains("file " + ESCAPED)
        .contains("boom " + ESCAPED) // a run's error
        .contains("golden " + ESCAPED) // the reconciliation's reference
        .contains("error " + ESCAPED) // a calendar day's detail, in its tooltip
        .contains("unique " + ESCAPED) // a quality check's name
        .contains("/warehouse/orders " + ESCAPED) // the target path
        .contains("data-run-id=\"run-&lt;1&gt;&amp;\"");
  }

  @Test
  void refersToNothingOnTheNetwork() {
    String html =
        HtmlReport.render(
            SyntheticReports.report(
                SyntheticReports.manyRuns(400),
                SyntheticReports.singleRun(),
                SyntheticReports.empty("customers")));

    assertThat(html)
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContainIgnoringCase("src=")
        .doesNotContainIgnoringCase("@import")
        .doesNotContainIgnoringCase("url(")
        .doesNotContainIgnoringCase("<link")
        .doesNotContainIgnoringCase("<script")
        .doesNotContainIgnoringCase("<img")
        .doesNotContainIgnoringCase("<iframe");
    // Links only jump within the page.
    Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (href.find()) {
      assertThat(href.group(1)).startsWith("#");
    }
  }

  @Test
  void anEmptyPipelineSaysThereIsNothingYet() {
    String html = HtmlReport.render(SyntheticReports.report(SyntheticReports.empty("customers")));

    assertThat(html)
        .contains("data-pipeline=\"customers\"")
        .contains("No runs yet")
        .contains("No landing dates known yet.")
        .contains("No reconciliation recorded yet.")
        .contains("No quality checks recorded for this pipeline.")
        .contains("No rows quarantined.")
        .contains("none yet") // the watermarks
        .doesNotContain("<svg")
        .doesNotContain("<table");
    for (String section :
        new String[] {"charts", "calendar", "runs", "reconciliation", "quality", "quarantine"}) {
      assertThat(html).contains("data-section=\"" + section + "\"");
    }
  }

  @Test
  void aThousandRunsStaySmallAndTheTableShowsTheLastFifty() {
    String html = HtmlReport.render(SyntheticReports.report(SyntheticReports.manyRuns(1_000)));

    assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(3 * 1024 * 1024);
    String table = between(html, "data-section=\"runs\"", "</section>");
    assertThat(count(table, "<tr data-run-id=")).isEqualTo(50);
    assertThat(table).contains("Showing the last 50 of 1,000 runs.");
    // Newest first: the table starts at the last run and stops at the 951st.
    assertThat(table.indexOf("data-run-id=\"run-1000\""))
        .isLessThan(table.indexOf("data-run-id=\"run-0999\""));
    assertThat(table)
        .contains("data-run-id=\"run-0951\"")
        .doesNotContain("data-run-id=\"run-0950\"");
  }

  @Test
  void fiftyRunsOrFewerNeedNoNote() {
    String html = HtmlReport.render(SyntheticReports.report(SyntheticReports.manyRuns(50)));

    assertThat(count(between(html, "data-section=\"runs\"", "</section>"), "<tr data-run-id="))
        .isEqualTo(50);
    assertThat(html).doesNotContain("Showing the last");
  }

  @Test
  void numbersAreFormattedForPeopleAndExactForScripts() {
    String html = HtmlReport.render(SyntheticReports.report(SyntheticReports.singleRun()));

    // 12,345 ms: shown as seconds, exact in data-value.
    assertThat(html)
        .contains("data-field=\"duration_ms\" data-value=\"12345\" class=\"num\">12.35 s<")
        .contains("data-field=\"rows_read\" data-value=\"1000\" class=\"num\">1,000<")
        // 7 of 1,000 rows quarantined, 990 of 993 valid staged: 3 removed, 3.02 per 1,000.
        .contains("data-value=\"3.0211480362537766\" class=\"num\">3.02<")
        .contains("data-field=\"lag_seconds\" data-value=\"42000\" class=\"num\">11h 40m<")
        .contains("data-field=\"generated_at\" data-value=\"2026-03-01T06:00:00Z\"")
        .contains("0.1.0-test");
  }

  @Test
  void anUnfinishedBackfillSaysHowFarItGotAndWhereTheSameCommandGoesOn() {
    PipelineReport single = SyntheticReports.singleRun();
    PipelineStatus s = single.status();
    DateRange year = new DateRange(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-31"));
    PipelineStatus stopped =
        with(
            s,
            s.stale(),
            Optional.of(
                new BackfillProgress(new Batch(37, 120, year), RunStatus.FAILED, "run-0037")),
            LandingHours.NONE);
    PipelineReport report =
        new PipelineReport(
            stopped,
            single.runs(),
            single.calendar(),
            single.latestReconciliation(),
            single.quality(),
            single.quarantine());

    String html = HtmlReport.render(SyntheticReports.report(report));

    assertThat(html)
        .contains("data-field=\"backfill\" data-value=\"37\"")
        .contains("Backfill in progress: 37 of 120 batches run")
        .contains(
            "2026-01-01 .. 2026-12-31: batch 37 of 120 failed (run-0037); run the same command"
                + " again to go on with batch 37");
    assertThat(HtmlReport.render(SyntheticReports.report(single)))
        .doesNotContain("data-field=\"backfill\"");
  }

  @Test
  void anHourlyLayoutShowsTheHoursWithinItsNewestDatesAndItsGapAndStaleHours() {
    PipelineReport single = SyntheticReports.singleRun();
    PipelineStatus s = single.status();
    LocalDate day = LocalDate.parse("2026-01-05");
    PipelineStatus hourly =
        with(
            s,
            List.of(day),
            Optional.empty(),
            new LandingHours(
                List.of(day.atTime(9, 0), day.atTime(10, 0)), List.of(day.atTime(3, 0))));
    // Hours 00-02 published, 03 with a new file, 04-06 none, 07-08 published, 09-10 never, later
    // ones not come yet.
    String hours = "pppc---ppnn" + ".".repeat(13);
    PipelineReport report =
        new PipelineReport(
            hourly,
            single.runs(),
            List.of(
                new DateCoverage(day, CoverageState.STALE, Optional.of("run-1"), "changed", hours)),
            single.latestReconciliation(),
            single.quality(),
            single.quarantine());

    String html = HtmlReport.render(SyntheticReports.report(report));

    assertThat(html)
        .contains("data-section=\"hours\"")
        .contains("data-hour=\"2026-01-05T03\" data-state=\"changed\"")
        .contains(
            "data-hour=\"2026-01-05T05\" data-state=\"none\" title=\"2026-01-05T05 · no files\"")
        .contains("data-hour=\"2026-01-05T09\" data-state=\"never\"")
        .contains("data-hour=\"2026-01-05T23\" data-state=\"later\"")
        .contains("data-field=\"gap_hours\" data-value=\"2\"")
        .contains("<li>2026-01-05T09..2026-01-05T10</li>")
        .contains("data-field=\"stale_hours\" data-value=\"1\"");
    assertThat(Pattern.compile("data-hour=").matcher(html).results().count()).isEqualTo(24);
    assertThat(HtmlReport.render(SyntheticReports.report(single)))
        .as("a daily layout has no hours")
        .doesNotContain("data-section=\"hours\"")
        .doesNotContain("data-field=\"gap_hours\"");
  }

  @Test
  void aRunThatFailedEarlyIsAGapNotAZero() {
    String html = HtmlReport.render(SyntheticReports.report(SyntheticReports.manyRuns(10)));

    // run-0006 failed during extract: it has a runtime, but no rows, duplicates, mismatches or lag.
    String rows = between(html, "data-chart=\"rows\"", "</svg>");
    assertThat(rows).doesNotContain("data-run-id=\"run-0006\" data-value");
    assertThat(between(html, "data-chart=\"runtime\"", "</svg>"))
        .contains("class=\"failed\"")
        .contains("data-run-id=\"run-0006\" data-value");
    // Its line breaks there: two segments in each series of the rows chart.
    assertThat(count(between(rows, "data-series=\"inserted\"", "</g>"), "<polyline")).isEqualTo(2);
  }

  @Test
  void runsOfOneDayAreToldApartAndEveryColourAndTheRollbackAreExplained() {
    String html = HtmlReport.render(SyntheticReports.report(SyntheticReports.sameDay()));
    String runtime = between(html, "data-chart=\"runtime\"", "</svg>");

    // Five runs on one date: the labels give the time of day.
    List<String> labels = all(between(runtime, "class=\"xaxis\"", "</g>"), ">([^<]+)</text>");
    assertThat(labels)
        .as("the date once, then the time of day")
        .containsExactly("2023-01-02 08:00", "09:00", "10:00", "11:00", "12:00");

    // Every colour a marker or the strip under a chart has is in the legend.
    List<String> used = all(html, "<(?:circle|rect) class=\"([a-z]+)\"");
    assertThat(used).contains("rejected", "rollback", "running");
    for (String mark : used) {
      assertThat(html).as("legend of %s", mark).contains("<i class=\"dot " + mark + "\"></i>");
    }

    // The rollback is a line across each of the five charts, saying what it did; it merged no
    // rows, so the rows chart has no value for it (not zeros).
    assertThat(count(html, "<line class=\"event\" data-run-id=\"run-c\"")).isEqualTo(5);
    assertThat(runtime).contains("rolls back run run-a: target restored to version 3");
    assertThat(between(html, "data-chart=\"rows\"", "</svg>"))
        .doesNotContain("data-run-id=\"run-c\" data-value");

    // The p95 line and the header name the kind of run they are over.
    assertThat(runtime).contains("p95 of no-op runs");
    assertThat(html)
        .contains("1.00 s over 1 no-op run; rollback 2.00 s over 1; incremental 12.00 s");
  }

  private static List<String> all(String text, String regex) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("%s in the page", start).isNotNegative();
    int to = text.indexOf(end, from);
    return text.substring(from, to);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** {@code s} with these stale dates, backfill and hours. */
  private static PipelineStatus with(
      PipelineStatus s,
      List<LocalDate> stale,
      Optional<BackfillProgress> backfill,
      LandingHours hours) {
    return new PipelineStatus(
        s.pipeline(),
        s.now(),
        s.watermark(),
        s.lagSeconds(),
        s.targetPath(),
        s.targetVersion(),
        s.lastRun(),
        s.runtimes(),
        s.gaps(),
        stale,
        s.breaches(),
        s.staging(),
        s.unread(),
        backfill,
        hours);
  }
}

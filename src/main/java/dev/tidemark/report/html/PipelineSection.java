package dev.tidemark.report.html;

import dev.tidemark.report.PipelineReport;

/**
 * One pipeline's part of the page, in the order a person validating a backfill reads it: state and
 * alerts, trends over runs, date coverage, recent runs, then the evidence (reconciliation, quality,
 * quarantine).
 */
final class PipelineSection {
  private PipelineSection() {}

  static String render(PipelineReport pipeline, String anchor) {
    Html html = new Html(64 * 1024 + pipeline.runs().size() * 2048);
    html.open(
        "section",
        "class",
        "pipeline",
        "id",
        anchor,
        "data-pipeline",
        pipeline.status().pipeline());
    html.raw(PipelineHeader.render(pipeline.status()));
    section(html, "charts", "Runs over time", charts(pipeline));
    section(html, "calendar", "Landing dates", CalendarView.render(pipeline.calendar()));
    String hours = HourGrid.render(pipeline.calendar());
    if (!hours.isEmpty()) {
      section(html, "hours", "Landing hours, newest " + HourGrid.DATES + " dates", hours);
    }
    section(html, "runs", "Runs", RunsTable.render(pipeline.runs()));
    section(
        html,
        "reconciliation",
        "Latest reconciliation",
        ReconciliationView.render(pipeline.latestReconciliation()));
    section(html, "quality", "Quality checks", QualityView.render(pipeline.quality()));
    section(html, "quarantine", "Quarantine", QuarantineView.render(pipeline.quarantine()));
    return html.close("section").toString();
  }

  private static String charts(PipelineReport pipeline) {
    if (pipeline.runs().isEmpty()) {
      return "<p class=\"empty\">No runs yet: the charts appear after the pipeline's first run.</p>";
    }
    return RunCharts.render(pipeline);
  }

  private static void section(Html html, String key, String title, String body) {
    html.open("section", "data-section", key).element("h3", title).raw(body).close("section");
  }
}

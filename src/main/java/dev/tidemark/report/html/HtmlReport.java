package dev.tidemark.report.html;

import dev.tidemark.report.PipelineReport;
import dev.tidemark.report.Report;
import java.util.List;

/**
 * {@code tidemark report}: the whole validation report as one self-contained HTML page. Nothing in
 * it refers to the network (CSS inline, charts as inline SVG drawn here, no scripts), so it can be
 * mailed, archived with a backfill, and opened years later on a machine without internet.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(Report report) {
    List<PipelineReport> pipelines = report.pipelines();
    Html html = new Html(64 * 1024);
    html.raw("<!DOCTYPE html>\n");
    html.open("html", "lang", "en").open("head");
    html.raw("<meta charset=\"utf-8\">");
    html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    html.element("title", title(pipelines));
    html.open("style").raw(Stylesheet.CSS).close("style");
    html.close("head").open("body");

    html.open("header", "class", "page");
    html.element("h1", "Tidemark validation report");
    html.element(
        "p",
        "Generated at " + Format.time(report.generatedAt()) + " for " + pipelineCount(pipelines),
        "class",
        "note");
    if (pipelines.size() > 1) {
      html.open("nav");
      for (int i = 0; i < pipelines.size(); i++) {
        html.element("a", pipelines.get(i).status().pipeline(), "href", "#" + anchor(i));
      }
      html.close("nav");
    }
    html.close("header");

    html.open("main");
    if (pipelines.isEmpty()) {
      html.element("p", "No pipelines to report on.", "class", "empty");
    }
    for (int i = 0; i < pipelines.size(); i++) {
      html.raw(PipelineSection.render(pipelines.get(i), anchor(i)));
    }
    html.close("main");

    html.open("footer").text("Generated at ");
    html.element(
        "span",
        Format.time(report.generatedAt()),
        "data-field",
        "generated_at",
        "data-value",
        report.generatedAt().toString());
    html.text(" by Tidemark ");
    html.element(
        "span",
        report.tidemarkVersion(),
        "data-field",
        "tidemark_version",
        "data-value",
        report.tidemarkVersion());
    html.text(".");
    html.close("footer");
    return html.close("body").close("html").raw("\n").toString();
  }

  private static String title(List<PipelineReport> pipelines) {
    List<String> names = pipelines.stream().map(p -> p.status().pipeline()).toList();
    return names.isEmpty() ? "Tidemark report" : "Tidemark report: " + String.join(", ", names);
  }

  private static String pipelineCount(List<PipelineReport> pipelines) {
    return pipelines.size() == 1 ? "1 pipeline." : Format.count(pipelines.size()) + " pipelines.";
  }

  /** Ids from the position, not the name: a pipeline's name is user text, not a safe id. */
  private static String anchor(int index) {
    return "pipeline-" + (index + 1);
  }
}

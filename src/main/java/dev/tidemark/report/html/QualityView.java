package dev.tidemark.report.html;

import dev.tidemark.report.QualityCheck;
import java.util.List;
import java.util.Locale;

/** The quality checks run on staged batches, one row each, with sample failing keys. */
final class QualityView {
  private QualityView() {}

  static String render(List<QualityCheck> checks) {
    if (checks.isEmpty()) {
      return "<p class=\"empty\">No quality checks recorded for this pipeline.</p>";
    }
    Html html = new Html();
    html.open("div", "class", "scroll").open("table", "class", "quality").open("thead").open("tr");
    for (String h :
        new String[] {
          "run", "check", "columns", "severity", "status", "failing rows", "sample keys"
        }) {
      html.element("th", h);
    }
    html.close("tr").close("thead").open("tbody");
    for (QualityCheck c : checks) {
      String status = c.status().toLowerCase(Locale.ROOT);
      html.open("tr", "data-run-id", c.runId(), "data-check", c.check());
      html.element("td", c.runId(), "data-field", "run_id", "class", "id");
      html.element("td", c.check(), "data-field", "check");
      html.element("td", c.columns(), "data-field", "columns");
      html.element("td", c.severity(), "data-field", "severity");
      html.open("td", "data-field", "status", "data-value", c.status())
          .element("span", c.status(), "class", "badge " + status)
          .close("td");
      html.element(
          "td",
          Format.count(c.failingRows()),
          "data-field",
          "failing_rows",
          "data-value",
          Format.raw(c.failingRows()),
          "class",
          "num");
      String keys = String.join(", ", c.sampleKeys());
      html.open("td", "data-field", "sample_keys")
          .element("div", keys, "class", "clip", "title", keys)
          .close("td");
      html.close("tr");
    }
    return html.close("tbody").close("table").close("div").toString();
  }
}

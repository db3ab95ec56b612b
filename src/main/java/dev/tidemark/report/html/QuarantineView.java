package dev.tidemark.report.html;

import dev.tidemark.report.QuarantineSummary;
import java.util.Map;

/**
 * The quarantine: rows that could not be parsed or validated, counted by reason and by file, and
 * the newest few as they were. Raw text can be a whole malformed line: CSS clips it to one line,
 * and its tooltip holds all of it.
 */
final class QuarantineView {
  private QuarantineView() {}

  static String render(QuarantineSummary q) {
    if (q.rows() == 0 && q.samples().isEmpty()) {
      return "<p class=\"empty\" data-field=\"quarantined_rows\" data-value=\"0\">"
          + "No rows quarantined.</p>";
    }
    Html html = new Html();
    html.element(
        "p",
        Format.count(q.rows()) + (q.rows() == 1 ? " row" : " rows") + " quarantined.",
        "data-field",
        "quarantined_rows",
        "data-value",
        Format.raw(q.rows()));
    html.open("div", "class", "pair");
    counts(html, "reason", q.byReason());
    counts(html, "file", q.byFile());
    html.close("div");
    html.element("h4", "Newest quarantined rows");
    if (q.samples().isEmpty()) {
      html.element("p", "No sample rows kept.", "class", "empty");
      return html.toString();
    }
    html.open("div", "class", "scroll")
        .open("table", "class", "quarantined-rows")
        .open("thead")
        .open("tr");
    for (String h : new String[] {"run", "landing date", "file", "reason", "raw"}) {
      html.element("th", h);
    }
    html.close("tr").close("thead").open("tbody");
    for (QuarantineSummary.Sample s : q.samples()) {
      html.open("tr", "data-run-id", s.runId());
      html.element("td", s.runId(), "data-field", "run_id", "class", "id");
      html.element(
          "td", s.landingDate().toString(), "data-field", "landing_date", "class", "nowrap");
      html.open("td", "data-field", "source_file")
          .element("div", s.sourceFile(), "class", "clip", "title", s.sourceFile())
          .close("td");
      html.element("td", s.reason(), "data-field", "reason");
      html.open("td", "data-field", "raw")
          .element("code", s.raw(), "class", "clip raw", "title", s.raw())
          .close("td");
      html.close("tr");
    }
    return html.close("tbody").close("table").close("div").toString();
  }

  private static void counts(Html html, String by, Map<String, Long> counts) {
    html.open("div");
    html.element("h4", "By " + by);
    if (counts.isEmpty()) {
      html.element("p", "None.", "class", "empty");
      html.close("div");
      return;
    }
    html.open("table", "class", "by-" + by).open("thead").open("tr");
    html.element("th", by).element("th", "rows");
    html.close("tr").close("thead").open("tbody");
    counts.forEach(
        (key, n) ->
            html.open("tr", "data-" + by, key)
                .open("td")
                .element("div", key, "class", "clip", "title", key)
                .close("td")
                .element(
                    "td",
                    Format.count(n),
                    "class",
                    "num",
                    "data-field",
                    "rows",
                    "data-value",
                    Format.raw(n))
                .close("tr"));
    html.close("tbody").close("table").close("div");
  }
}

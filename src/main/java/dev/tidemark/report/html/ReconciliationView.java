package dev.tidemark.report.html;

import dev.tidemark.reconcile.Findings;
import dev.tidemark.report.ReconciliationSummary;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest reconciliation against the reference: what was compared, the counts, which columns
 * differ most, and sample keys to look up by hand.
 */
final class ReconciliationView {
  private ReconciliationView() {}

  static String render(Optional<ReconciliationSummary> latest) {
    if (latest.isEmpty()) {
      return "<p class=\"empty\">No reconciliation recorded yet.</p>";
    }
    ReconciliationSummary r = latest.get();
    Html html = new Html();
    html.raw(
        new FactCards()
            .add("run", r.runId(), "run_id", r.runId())
            .add("checked at", Format.time(r.checkedAt()), "checked_at", r.checkedAt().toString())
            .add("scope", r.scope(), "scope", r.scope())
            .add("reference", r.reference(), "reference", r.reference())
            .add(
                "as of",
                r.asOf().map(LocalDate::toString).orElse(Format.NONE),
                "as_of",
                r.asOf().map(LocalDate::toString).orElse(null))
            .add("status", r.status(), "status", r.status())
            .add("breach", r.breach().orElse("none"), "breach", r.breach().orElse(null))
            .render());
    Findings found = r.findings();
    counts(html, found);
    columns(html, found.mismatchedColumns());
    html.open("div", "class", "key-samples");
    sample(html, "missing", "Missing from the target", found.missingSample());
    sample(html, "extra", "Extra in the target", found.extraSample());
    sample(html, "mismatched", "Mismatched", found.mismatchedSample());
    return html.close("div").toString();
  }

  private static void counts(Html html, Findings r) {
    String[][] cells = {
      {"reference rows", "reference_rows", Format.raw(r.referenceRows())},
      {"target rows", "target_rows", Format.raw(r.targetRows())},
      {"missing", "missing", Format.raw(r.missing())},
      {"extra", "extra", Format.raw(r.extra())},
      {"mismatched", "mismatched", Format.raw(r.mismatched())},
      {"mismatch count", "mismatch_count", Format.raw(r.mismatchCount())},
      {"target duplicate keys", "target_duplicate_keys", Format.raw(r.targetDuplicateKeys())}
    };
    html.open("div", "class", "scroll").open("table", "class", "counts").open("thead").open("tr");
    for (String[] cell : cells) {
      html.element("th", cell[0]);
    }
    html.close("tr").close("thead").open("tbody").open("tr");
    for (String[] cell : cells) {
      html.element(
          "td",
          Format.count(Long.parseLong(cell[2])),
          "data-field",
          cell[1],
          "data-value",
          cell[2],
          "class",
          "num");
    }
    html.close("tr").close("tbody").close("table").close("div");
  }

  /** Worst column first: where to look. */
  private static void columns(Html html, Map<String, Long> mismatched) {
    html.element("h4", "Mismatches by column");
    if (mismatched.isEmpty()) {
      html.element("p", "No column mismatched.", "class", "empty");
      return;
    }
    html.open("table", "class", "columns").open("thead").open("tr");
    html.element("th", "column").element("th", "mismatched rows");
    html.close("tr").close("thead").open("tbody");
    mismatched.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(
            e ->
                html.open("tr", "data-column", e.getKey())
                    .element("td", e.getKey(), "class", "id")
                    .element(
                        "td",
                        Format.count(e.getValue()),
                        "class",
                        "num",
                        "data-field",
                        "mismatched_rows",
                        "data-value",
                        Format.raw(e.getValue()))
                    .close("tr"));
    html.close("tbody").close("table");
  }

  private static void sample(Html html, String kind, String title, List<String> keys) {
    html.open("div");
    html.element("h4", title + " (sample)");
    if (keys.isEmpty()) {
      html.element("p", "None.", "class", "empty", "data-sample", kind);
    } else {
      html.open("ul", "class", "keys", "data-sample", kind);
      keys.forEach(k -> html.open("li").element("code", k).close("li"));
      html.close("ul");
    }
    html.close("div");
  }
}

package dev.tidemark.report.html;

import dev.tidemark.control.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runs, newest first, at most the last {@link #LIMIT}: the charts show the whole history, the
 * table the detail of recent runs. Each row carries {@code data-run-id}; each cell a {@code
 * data-field} (the column's snake_case name) and, for numbers, the exact {@code data-value}.
 */
final class RunsTable {
  static final int LIMIT = 50;

  private static final String[] HEADERS = {
    "run id",
    "status",
    "mode",
    "range",
    "started",
    "duration",
    "rows read",
    "quarantined",
    "duplicates removed",
    "dup keys / 1,000",
    "inserted",
    "updated",
    "deleted",
    "unchanged",
    "mismatches",
    "lag",
    "target version",
    "error / breaches"
  };

  private RunsTable() {}

  static String render(List<RunRecord> oldestFirst) {
    if (oldestFirst.isEmpty()) {
      return "<p class=\"empty\">No runs yet.</p>";
    }
    Html html = new Html(4096 + LIMIT * 1200);
    int total = oldestFirst.size();
    if (total > LIMIT) {
      html.element(
          "p",
          "Showing the last " + LIMIT + " of " + Format.count(total) + " runs.",
          "class",
          "note",
          "data-total",
          Format.raw(total));
    }
    html.open("div", "class", "scroll").open("table", "class", "runs").open("thead").open("tr");
    for (String header : HEADERS) {
      html.element("th", header);
    }
    html.close("tr").close("thead").open("tbody");
    for (int i = total - 1; i >= Math.max(0, total - LIMIT); i--) {
      row(html, oldestFirst.get(i));
    }
    return html.close("tbody").close("table").close("div").toString();
  }

  private static void row(Html html, RunRecord run) {
    Optional<String> mark = RunStatusStyle.of(run);
    Optional<RunRecord.StageCounts> s = run.staged();
    Optional<RunRecord.PublishCounts> p = run.published();
    html.open(
        "tr",
        "data-run-id",
        run.runId(),
        "data-status",
        run.status().label(),
        "class",
        mark.orElse(null));
    html.element("td", run.runId(), "data-field", "run_id", "class", "id");
    html.open("td", "data-field", "status", "data-value", run.status().label())
        .element("span", run.status().label(), "class", "badge " + run.status().label())
        .close("td");
    html.element("td", run.mode().label(), "data-field", "mode");
    html.element(
        "td",
        run.range().fromShown().equals(run.range().toShown())
            ? run.range().fromShown()
            : run.range().fromShown() + " → " + run.range().toShown(),
        "data-field",
        "range",
        "class",
        "nowrap");
    html.element(
        "td",
        Format.time(run.startedAt()),
        "data-field",
        "started_at",
        "data-value",
        run.startedAt().toString(),
        "class",
        "nowrap");
    number(html, "duration_ms", run.durationMs(), Format::duration);
    count(html, "rows_read", s.map(RunRecord.StageCounts::rowsRead));
    count(html, "quarantined", s.map(RunRecord.StageCounts::rowsQuarantined));
    count(html, "duplicates_removed", s.map(RunRecord.StageCounts::duplicatesRemoved));
    Optional<Double> dup = s.map(RunRecord.StageCounts::duplicateKeysPer1000);
    cell(html, "dup_keys_per_1000", dup.map(Format::decimal), Format.raw(dup));
    count(html, "inserted", p.map(RunRecord.PublishCounts::inserted));
    count(html, "updated", p.map(RunRecord.PublishCounts::updated));
    count(html, "deleted", p.map(RunRecord.PublishCounts::deleted));
    count(html, "unchanged", p.map(RunRecord.PublishCounts::unchanged));
    count(html, "mismatches", run.reconciled().map(RunRecord.ReconcileCounts::mismatchCount));
    number(
        html,
        "lag_seconds",
        run.watermarks().flatMap(RunRecord.WatermarkMove::lagSeconds),
        Format::lag);
    versions(html, p);
    problems(html, run);
    html.close("tr");
  }

  private static void count(Html html, String field, Optional<Long> value) {
    number(html, field, value, Format::count);
  }

  private static void number(
      Html html,
      String field,
      Optional<Long> value,
      java.util.function.LongFunction<String> shown) {
    cell(html, field, value.map(shown::apply), Format.raw(value));
  }

  private static void cell(Html html, String field, Optional<String> shown, String raw) {
    html.element(
        "td", shown.orElse(Format.NONE), "data-field", field, "data-value", raw, "class", "num");
  }

  /** "3 → 4"; -1 is Delta's "no table yet". */
  private static void versions(Html html, Optional<RunRecord.PublishCounts> p) {
    String before = p.map(c -> Format.raw(c.versionBefore())).orElse(null);
    String after = p.map(c -> Format.raw(c.versionAfter())).orElse(null);
    String shown =
        p.map(c -> version(c.versionBefore()) + " → " + version(c.versionAfter()))
            .orElse(Format.NONE);
    html.element(
        "td",
        shown,
        "data-field",
        "target_version",
        "data-before",
        before,
        "data-after",
        after,
        "class",
        "num nowrap");
  }

  private static String version(long v) {
    return v < 0 ? "none" : Format.count(v);
  }

  /** The error and the breaches in one cell, clipped by CSS; the whole text in its tooltip. */
  private static void problems(Html html, RunRecord run) {
    List<String> parts = new ArrayList<>();
    run.error().ifPresent(parts::add);
    parts.addAll(run.thresholdBreaches());
    String text = String.join("; ", parts);
    html.open("td", "data-field", "error");
    if (!text.isEmpty()) {
      html.element("div", text, "class", "clip", "title", text);
    }
    html.close("td");
  }
}

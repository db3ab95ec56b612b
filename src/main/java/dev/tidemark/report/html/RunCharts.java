package dev.tidemark.report.html;

import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.plan.RunMode;
import dev.tidemark.report.PipelineReport;
import dev.tidemark.report.RuntimeP95;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The five charts over a pipeline's runs (runtime, duplicate keys, mismatches, watermark lag, rows
 * written), each mapping the run records to series for {@link SvgLineChart}, with its legend.
 */
final class RunCharts {
  /** Every colour a run can be marked with, and the rollback's line. */
  private static final String STATUS_LEGEND = statusLegend();

  private static final String BLUE = "#1565c0";
  private static final String PURPLE = "#6a1b9a";
  private static final String TEAL = "#00897b";
  private static final String BROWN = "#5d4037";
  private static final String GREEN = "#2e7d32";
  private static final String GREY_BROWN = "#8d6e63";

  private RunCharts() {}

  static String render(PipelineReport pipeline) {
    List<RunRecord> runs = pipeline.runs();
    List<SvgLineChart.Run> xs =
        runs.stream()
            .map(
                r -> new SvgLineChart.Run(r.runId(), r.startedAt(), RunStatusStyle.of(r), event(r)))
            .toList();
    Html html = new Html();
    html.open("p", "class", "note")
        .text(Format.count(runs.size()) + (runs.size() == 1 ? " run" : " runs") + ", oldest left. ")
        .raw(STATUS_LEGEND)
        .close("p");
    html.open("div", "class", "charts");
    figure(html, runtime(runs, xs, pipeline.status().runtime()), legend("runtime", BLUE));
    figure(html, duplicates(runs, xs), legend("raw batch", PURPLE) + legend("target", TEAL));
    figure(html, mismatches(runs, xs), legend("mismatches", BROWN));
    figure(html, lag(runs, xs), legend("watermark lag", BLUE));
    figure(
        html,
        rows(runs, xs),
        legend("inserted", GREEN) + legend("updated", BLUE) + legend("deleted", GREY_BROWN));
    return html.close("div").toString();
  }

  /**
   * A rollback restored the target without a merge: a line across every chart at it, so what
   * follows (the lag it set back, the rows the next run writes again) reads as its effect.
   */
  private static Optional<String> event(RunRecord run) {
    if (run.mode() != RunMode.ROLLBACK || run.status() != RunStatus.SUCCEEDED) {
      return Optional.empty();
    }
    return Optional.of(run.error().orElse("rollback"));
  }

  /** An entry per colour, each kept whole, so a narrow window wraps between entries. */
  private static String statusLegend() {
    StringBuilder legend = new StringBuilder();
    for (RunStatusStyle.Mark mark : RunStatusStyle.MARKS) {
      legend
          .append("<span class=\"legend\"><i class=\"dot ")
          .append(mark.cssClass())
          .append("\"></i>")
          .append(Html.escape(mark.meaning()))
          .append("</span> ");
    }
    return legend
        .append("<span class=\"legend\"><i class=\"event\"></i>")
        .append("rollback: the target restored, no rows merged</span>")
        .toString();
  }

  private static SvgLineChart runtime(
      List<RunRecord> runs, List<SvgLineChart.Run> xs, Optional<RuntimeP95> p95) {
    List<OptionalDouble> ms = values(runs, r -> r.durationMs().map(Long::doubleValue));
    double max = ms.stream().mapToDouble(v -> v.orElse(0)).max().orElse(0);
    max = Math.max(max, p95.map(RuntimeP95::p95Ms).orElse(0L));
    // The p95 of the newest run's kind, named: one line for every kind would crowd the chart.
    return new SvgLineChart("runtime", "Runtime", xs, runtimeAxis(max))
        .series(new SvgLineChart.Series("runtime", "runtime", BLUE, ms))
        .reference(
            p95.map(
                p ->
                    new SvgLineChart.Reference(
                        "p95", "p95 of " + p.kind().label() + " runs", p.p95Ms())));
  }

  /** Seconds for a quick pipeline, hours for a slow one: the unit that keeps ticks short. */
  private static SvgLineChart.Axis runtimeAxis(double maxMs) {
    if (maxMs < 1_000) {
      return axis("ms", 1, true);
    }
    if (maxMs < 120_000) {
      return axis("seconds", 1_000, false);
    }
    if (maxMs < 7_200_000) {
      return axis("minutes", 60_000, false);
    }
    return axis("hours", 3_600_000, false);
  }

  private static SvgLineChart.Axis axis(String unit, double divisor, boolean whole) {
    return new SvgLineChart.Axis(unit, divisor, whole, ms -> Format.duration(Math.round(ms)));
  }

  private static SvgLineChart duplicates(List<RunRecord> runs, List<SvgLineChart.Run> xs) {
    SvgLineChart.Axis axis = new SvgLineChart.Axis("per 1,000 rows", 1, false, Format::decimal);
    return new SvgLineChart("duplicates", "Duplicate keys per 1,000 rows", xs, axis)
        .series(
            new SvgLineChart.Series(
                "raw",
                "raw batch",
                PURPLE,
                values(runs, r -> r.staged().map(RunRecord.StageCounts::duplicateKeysPer1000))))
        .series(
            new SvgLineChart.Series(
                "target",
                "target",
                TEAL,
                values(
                    runs,
                    r ->
                        r.reconciled()
                            .flatMap(RunRecord.ReconcileCounts::targetDuplicateKeysPer1000))));
  }

  private static SvgLineChart mismatches(List<RunRecord> runs, List<SvgLineChart.Run> xs) {
    return new SvgLineChart("mismatches", "Reconciliation mismatches", xs, rowsAxis())
        .series(
            new SvgLineChart.Series(
                "mismatches",
                "mismatches",
                BROWN,
                values(
                    runs,
                    r ->
                        r.reconciled()
                            .map(RunRecord.ReconcileCounts::mismatchCount)
                            .map(Long::doubleValue))));
  }

  private static SvgLineChart lag(List<RunRecord> runs, List<SvgLineChart.Run> xs) {
    List<OptionalDouble> seconds =
        values(
            runs,
            r ->
                r.watermarks().flatMap(RunRecord.WatermarkMove::lagSeconds).map(Long::doubleValue));
    double max = seconds.stream().mapToDouble(v -> v.orElse(0)).max().orElse(0);
    // Days once the lag passes two of them: "hours" up to 300 is hard to read.
    SvgLineChart.Axis axis =
        max < 2 * 86_400
            ? new SvgLineChart.Axis("hours", 3_600, false, s -> Format.lag(Math.round(s)))
            : new SvgLineChart.Axis("days", 86_400, false, s -> Format.lag(Math.round(s)));
    return new SvgLineChart("lag", "Watermark lag", xs, axis)
        .series(new SvgLineChart.Series("lag", "watermark lag", BLUE, seconds));
  }

  private static SvgLineChart rows(List<RunRecord> runs, List<SvgLineChart.Run> xs) {
    return new SvgLineChart("rows", "Rows written", xs, rowsAxis())
        .series(published(runs, "inserted", GREEN, RunRecord.PublishCounts::inserted))
        .series(published(runs, "updated", BLUE, RunRecord.PublishCounts::updated))
        .series(published(runs, "deleted", GREY_BROWN, RunRecord.PublishCounts::deleted));
  }

  private static SvgLineChart.Series published(
      List<RunRecord> runs,
      String key,
      String color,
      Function<RunRecord.PublishCounts, Long> count) {
    // A rollback's RESTORE merged nothing: no row counts, not zeros (its line shows it).
    return new SvgLineChart.Series(
        key,
        key,
        color,
        values(
            runs,
            r ->
                r.mode() == RunMode.ROLLBACK
                    ? Optional.empty()
                    : r.published().map(count).map(Long::doubleValue)));
  }

  private static SvgLineChart.Axis rowsAxis() {
    return new SvgLineChart.Axis("rows", 1, true, v -> Format.count(Math.round(v)) + " rows");
  }

  private static List<OptionalDouble> values(
      List<RunRecord> runs, Function<RunRecord, Optional<Double>> value) {
    return runs.stream()
        .map(value)
        .map(v -> v.map(OptionalDouble::of).orElse(OptionalDouble.empty()))
        .toList();
  }

  private static String legend(String label, String color) {
    return "<span class=\"legend\"><i style=\"background:"
        + color
        + "\"></i>"
        + Html.escape(label)
        + "</span>";
  }

  private static void figure(Html html, SvgLineChart chart, String legend) {
    html.open("figure", "class", "chart")
        .open("figcaption")
        .element("b", chart.title())
        .raw(legend)
        .close("figcaption")
        .raw(chart.render())
        .close("figure");
  }
}

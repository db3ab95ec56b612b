package dev.tidemark.report.html;

import dev.tidemark.control.RunRecord;
import dev.tidemark.report.PipelineReport;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The five charts over a pipeline's runs (runtime, duplicate keys, mismatches, watermark lag, rows
 * written), each mapping the run records to series for {@link SvgLineChart}, with its legend.
 */
final class RunCharts {
  private static final String STATUS_LEGEND =
      "<span class=\"legend\"><i class=\"dot failed\"></i>failed"
          + "<i class=\"dot breached\"></i>breached"
          + "<i class=\"dot interrupted\"></i>interrupted</span>";

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
                r ->
                    new SvgLineChart.Run(
                        r.runId(),
                        r.startedAt().atZone(ZoneOffset.UTC).toLocalDate().toString(),
                        RunStatusStyle.of(r)))
            .toList();
    Html html = new Html();
    html.open("p", "class", "note")
        .text(Format.count(runs.size()) + (runs.size() == 1 ? " run" : " runs") + ", oldest left. ")
        .raw(STATUS_LEGEND)
        .close("p");
    html.open("div", "class", "charts");
    figure(html, runtime(runs, xs, pipeline.status().p95RuntimeMs()), legend("runtime", BLUE));
    figure(html, duplicates(runs, xs), legend("raw batch", PURPLE) + legend("target", TEAL));
    figure(html, mismatches(runs, xs), legend("mismatches", BROWN));
    figure(html, lag(runs, xs), legend("watermark lag", BLUE));
    figure(
        html,
        rows(runs, xs),
        legend("inserted", GREEN) + legend("updated", BLUE) + legend("deleted", GREY_BROWN));
    return html.close("div").toString();
  }

  private static SvgLineChart runtime(
      List<RunRecord> runs, List<SvgLineChart.Run> xs, Optional<Long> p95) {
    List<OptionalDouble> ms = values(runs, r -> r.durationMs().map(Long::doubleValue));
    double max = ms.stream().mapToDouble(v -> v.orElse(0)).max().orElse(0);
    max = Math.max(max, p95.orElse(0L));
    return new SvgLineChart("runtime", "Runtime", xs, runtimeAxis(max))
        .series(new SvgLineChart.Series("runtime", "runtime", BLUE, ms))
        .reference(p95.map(p -> new SvgLineChart.Reference("p95", "p95", p)));
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
    SvgLineChart.Axis hours =
        new SvgLineChart.Axis("hours", 3_600, false, s -> Format.hours(Math.round(s)));
    return new SvgLineChart("lag", "Watermark lag", xs, hours)
        .series(
            new SvgLineChart.Series(
                "lag",
                "watermark lag",
                BLUE,
                values(
                    runs,
                    r ->
                        r.watermarks()
                            .flatMap(RunRecord.WatermarkMove::lagSeconds)
                            .map(Long::doubleValue))));
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
    return new SvgLineChart.Series(
        key, key, color, values(runs, r -> r.published().map(count).map(Long::doubleValue)));
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

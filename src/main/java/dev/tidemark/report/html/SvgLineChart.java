package dev.tidemark.report.html;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;

/**
 * One chart over runs as inline SVG, drawn here so the page needs nothing from the network. The x
 * axis is the runs in time order, evenly spaced; a fixed viewBox scaled to the page's width keeps
 * the same drawing readable for one run or a thousand. A run without a value breaks the line (a
 * gap, not a zero), every value gets its own marker carrying its run id and exact value, runs that
 * did not simply succeed are marked in their status's colour, on the value and on a strip below the
 * plot, and a run that changed the target without a merge (a rollback) is a dashed vertical line
 * across the plot.
 */
final class SvgLineChart {
  /**
   * A run's place on the x axis: its id, its start, its mark if it did not simply succeed, and what
   * the vertical line at it says when it is drawn as an event across the plot (a rollback).
   */
  record Run(String runId, Instant startedAt, Optional<String> mark, Optional<String> event) {}

  /** One line: its values in run order, empty where the run has none. */
  record Series(String key, String label, String color, List<OptionalDouble> values) {}

  /**
   * What the y axis shows: the unit written on it, the divisor from a raw value to that unit,
   * whether values are whole numbers, and how a raw value is written in a marker's tooltip.
   */
  record Axis(String unit, double divisor, boolean wholeNumbers, DoubleFunction<String> describe) {}

  /** A horizontal line across the plot, such as the p95 runtime. */
  record Reference(String key, String label, double raw) {}

  private static final int WIDTH = 600;
  private static final int HEIGHT = 230;
  private static final double LEFT = 58;
  private static final double RIGHT = WIDTH - 14;
  private static final double TOP = 22;
  private static final double BOTTOM = 184;
  private static final double STRIP = 190;
  private static final double INSET = 10; // first and last marker clear of the axis
  private static final int DENSE = 200; // runs past which lines thin and markers shrink

  private final String key;
  private final String title;
  private final List<Run> runs;
  private final Axis axis;
  private final List<Series> series = new ArrayList<>();
  private Optional<Reference> reference = Optional.empty();

  SvgLineChart(String key, String title, List<Run> runs, Axis axis) {
    this.key = key;
    this.title = title;
    this.runs = List.copyOf(runs);
    this.axis = axis;
  }

  SvgLineChart series(Series line) {
    if (line.values().size() != runs.size()) {
      throw new IllegalArgumentException("Series " + line.key() + " needs one value per run");
    }
    series.add(line);
    return this;
  }

  SvgLineChart reference(Optional<Reference> line) {
    reference = line;
    return this;
  }

  String title() {
    return title;
  }

  String render() {
    NiceScale scale = scale();
    Html svg = new Html(256 + runs.size() * 160 * Math.max(1, series.size()));
    svg.open(
        "svg",
        "data-chart",
        key,
        "class",
        runs.size() > DENSE ? "dense" : null,
        "viewBox",
        "0 0 " + WIDTH + " " + HEIGHT,
        "role",
        "img",
        "aria-label",
        title);
    yAxis(svg, scale);
    xAxis(svg);
    events(svg);
    statusStrip(svg);
    reference.ifPresent(r -> referenceLine(svg, scale, r));
    boolean anyValue = false;
    for (Series line : series) {
      anyValue |= line.values().stream().anyMatch(OptionalDouble::isPresent);
      line(svg, scale, line);
    }
    if (!anyValue) {
      svg.element(
          "text",
          "No run recorded a value",
          "class",
          "empty",
          "x",
          coord((LEFT + RIGHT) / 2),
          "y",
          coord((TOP + BOTTOM) / 2));
    }
    return svg.close("svg").toString();
  }

  private NiceScale scale() {
    double lo = 0;
    double hi = 0;
    for (Series line : series) {
      for (OptionalDouble v : line.values()) {
        if (v.isPresent()) {
          lo = Math.min(lo, v.getAsDouble() / axis.divisor());
          hi = Math.max(hi, v.getAsDouble() / axis.divisor());
        }
      }
    }
    if (reference.isPresent()) {
      hi = Math.max(hi, reference.get().raw() / axis.divisor());
    }
    return NiceScale.of(lo, hi, axis.wholeNumbers());
  }

  private void yAxis(Html svg, NiceScale scale) {
    svg.open("g", "class", "grid");
    for (double tick : scale.ticks()) {
      String y = coord(y(scale, tick));
      svg.svgLeaf("line", "x1", coord(LEFT), "x2", coord(RIGHT), "y1", y, "y2", y);
      svg.element("text", Format.tick(tick), "x", coord(LEFT - 6), "y", y, "class", "ytick");
    }
    svg.close("g");
    svg.element("text", axis.unit(), "x", "4", "y", "12", "class", "unit");
  }

  /**
   * A handful of labels (the run's start, UTC) whatever the number of runs: no clutter at 1,000.
   * Each names its run apart from the other labelled ones: a date, or where two labelled runs
   * started on the same date, a time of day (with the date where it changes). Fewer labels when
   * they would overlap.
   */
  private void xAxis(Html svg) {
    svg.open("g", "class", "xaxis");
    svg.svgLeaf(
        "line", "x1", coord(LEFT), "x2", coord(RIGHT), "y1", coord(BOTTOM), "y2", coord(BOTTOM));
    List<Instant> starts = runs.stream().map(Run::startedAt).toList();
    for (XLabels.Label label : XLabels.of(starts, this::x, INSET)) {
      double x = x(label.index());
      svg.svgLeaf(
          "line", "x1", coord(x), "x2", coord(x), "y1", coord(BOTTOM), "y2", coord(BOTTOM + 4));
      svg.element(
          "text",
          label.text(),
          "x",
          coord(label.x()),
          "y",
          coord(HEIGHT - 8),
          "text-anchor",
          label.anchor());
    }
    svg.close("g");
  }

  /** Events such as a rollback: a dashed line across the plot at the run, saying what it did. */
  private void events(Html svg) {
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      if (run.event().isPresent()) {
        String x = coord(x(i));
        svg.open(
            "line",
            "class",
            "event",
            "data-run-id",
            run.runId(),
            "x1",
            x,
            "x2",
            x,
            "y1",
            coord(TOP),
            "y2",
            coord(BOTTOM));
        svg.element("title", run.runId() + " · " + started(run) + " · " + run.event().get());
        svg.close("line");
      }
    }
  }

  /** Runs not simply succeeded, marked below the plot even where they have no value to draw. */
  private void statusStrip(Html svg) {
    double width = Math.max(2, (RIGHT - LEFT - 2 * INSET) / Math.max(1, runs.size()));
    svg.open("g", "class", "strip");
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      if (run.mark().isPresent()) {
        svg.open(
            "rect",
            "class",
            run.mark().get(),
            "data-run-id",
            run.runId(),
            "x",
            coord(x(i) - width / 2),
            "y",
            coord(STRIP),
            "width",
            coord(width),
            "height",
            "6");
        svg.element("title", run.runId() + " · " + started(run) + " · " + run.mark().get());
        svg.close("rect");
      }
    }
    svg.close("g");
  }

  private void referenceLine(Html svg, NiceScale scale, Reference line) {
    String y = coord(y(scale, line.raw() / axis.divisor()));
    svg.svgLeaf(
        "line",
        "class",
        "ref",
        "data-series",
        line.key(),
        "data-value",
        Format.raw(line.raw()),
        "x1",
        coord(LEFT),
        "x2",
        coord(RIGHT),
        "y1",
        y,
        "y2",
        y);
    svg.element(
        "text",
        line.label() + " " + axis.describe().apply(line.raw()),
        "class",
        "ref-label",
        "x",
        coord(RIGHT),
        "y",
        coord(y(scale, line.raw() / axis.divisor()) - 4),
        "text-anchor",
        "end");
  }

  private void line(Html svg, NiceScale scale, Series line) {
    svg.open("g", "data-series", line.key(), "stroke", line.color(), "fill", line.color());
    StringBuilder points = new StringBuilder();
    int inSegment = 0;
    for (int i = 0; i <= runs.size(); i++) {
      OptionalDouble v = i < runs.size() ? line.values().get(i) : OptionalDouble.empty();
      if (v.isPresent()) {
        double y = y(scale, v.getAsDouble() / axis.divisor());
        points.append(inSegment++ == 0 ? "" : " ").append(coord(x(i))).append(',').append(coord(y));
      } else {
        // A gap ends the segment. One value alone draws no line: its marker shows it.
        if (inSegment > 1) {
          svg.svgLeaf("polyline", "fill", "none", "points", points.toString());
        }
        points.setLength(0);
        inSegment = 0;
      }
    }
    double radius = runs.size() <= 50 ? 4 : runs.size() <= DENSE ? 3 : 2;
    for (int i = 0; i < runs.size(); i++) {
      OptionalDouble v = line.values().get(i);
      if (v.isPresent()) {
        marker(svg, scale, line, i, v.getAsDouble(), radius);
      }
    }
    svg.close("g");
  }

  private void marker(Html svg, NiceScale scale, Series line, int i, double raw, double radius) {
    Run run = runs.get(i);
    svg.open(
        "circle",
        "class",
        run.mark().orElse(null),
        "cx",
        coord(x(i)),
        "cy",
        coord(y(scale, raw / axis.divisor())),
        "r",
        coord(run.mark().isPresent() ? radius + 1 : radius),
        "data-run-id",
        run.runId(),
        "data-value",
        Format.raw(raw));
    String status = run.mark().map(m -> " · " + m).orElse("");
    svg.element(
        "title",
        run.runId()
            + " · "
            + started(run)
            + status
            + " · "
            + line.label()
            + ": "
            + axis.describe().apply(raw));
    svg.close("circle");
  }

  private static String started(Run run) {
    return Format.time(run.startedAt());
  }

  /** Evenly spaced runs; a single run sits in the middle. */
  private double x(int index) {
    if (runs.size() == 1) {
      return (LEFT + RIGHT) / 2;
    }
    return LEFT + INSET + index * (RIGHT - LEFT - 2 * INSET) / (runs.size() - 1);
  }

  private static double y(NiceScale scale, double value) {
    return BOTTOM - scale.fraction(value) * (BOTTOM - TOP);
  }

  /** One decimal is finer than a pixel at any sensible width, and keeps 1,000 runs small. */
  private static String coord(double v) {
    long tenths = Math.round(v * 10);
    if (tenths % 10 == 0) {
      return Long.toString(tenths / 10);
    }
    return String.format(Locale.ROOT, "%.1f", tenths / 10.0);
  }
}

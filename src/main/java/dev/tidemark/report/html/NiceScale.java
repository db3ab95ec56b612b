package dev.tidemark.report.html;

import java.util.ArrayList;
import java.util.List;

/**
 * A y axis from zero (or below, for negative values) to a round number past the largest value, in
 * about four steps of 1, 2, 2.5 or 5 times a power of ten: a handful of readable ticks whatever the
 * data's size. Counts get whole-number steps, so an axis of rows never shows 0.25 rows.
 */
record NiceScale(double min, double max, double step) {
  private static final int STEPS = 4;

  static NiceScale of(double lowest, double highest, boolean wholeNumbers) {
    double lo = Math.min(0, lowest);
    double hi = Math.max(0, highest);
    if (hi == lo) {
      hi = lo + 1; // all zeros, or one run: still an axis with a line to stand on
    }
    double rough = (hi - lo) / STEPS;
    double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    double normal = rough / magnitude;
    double nice;
    if (normal <= 1) {
      nice = 1;
    } else if (normal <= 2) {
      nice = 2;
    } else if (normal <= 2.5) {
      nice = 2.5;
    } else if (normal <= 5) {
      nice = 5;
    } else {
      nice = 10;
    }
    double step = nice * magnitude;
    if (wholeNumbers) {
      step = Math.max(1, Math.ceil(step));
    }
    return new NiceScale(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
  }

  List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    long count = Math.round((max - min) / step);
    for (long i = 0; i <= count; i++) {
      ticks.add(min + i * step); // from min each time: adding steps up drifts
    }
    return ticks;
  }

  /** Where a value falls between min (0) and max (1). */
  double fraction(double value) {
    return (value - min) / (max - min);
  }
}

package dev.tidemark.report.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * The labels under a chart of runs: a handful whatever the number of runs (no clutter at 1,000),
 * spread from the first run to the last, each naming its run apart from the other labelled ones: a
 * date, or where two labelled runs started on the same date, a time of day (with the date where it
 * changes). Fewer labels when they would overlap.
 */
final class XLabels {
  private static final int MAX = 5;

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

  /** Times of day for runs that share a date, coarsest first: the first that tells them apart. */
  private static final List<DateTimeFormatter> TIMES =
      List.of(
          DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT),
          DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT));

  private final List<Instant> starts;
  private final IntToDoubleFunction position;
  private final double inset;

  private XLabels(List<Instant> starts, IntToDoubleFunction position, double inset) {
    this.starts = starts;
    this.position = position;
    this.inset = inset;
  }

  /**
   * @param starts the runs' starts, in chart order
   * @param position a run's x, by its index
   * @param inset how far the first and last labels reach past their runs, towards the edges
   */
  static List<Label> of(List<Instant> starts, IntToDoubleFunction position, double inset) {
    return new XLabels(List.copyOf(starts), position, inset).labels();
  }

  /** An x label: the run it names, its text, and where it is anchored. */
  record Label(int index, String text, String anchor, double x) {
    /** Roughly, at the axis's 12 px: enough to tell whether two labels collide. */
    private static final double CHAR_WIDTH = 7;

    double start() {
      double width = text.length() * CHAR_WIDTH;
      return switch (anchor) {
        case "start" -> x;
        case "end" -> x - width;
        default -> x - width / 2;
      };
    }

    double end() {
      return start() + text.length() * CHAR_WIDTH;
    }
  }

  private List<Label> labels() {
    for (int count = Math.min(starts.size(), MAX); count > 1; count--) {
      List<Label> labels = labels(count);
      boolean apart = true;
      for (int k = 1; k < labels.size(); k++) {
        apart &= labels.get(k).start() > labels.get(k - 1).end() + 6;
      }
      if (apart) {
        return labels;
      }
    }
    return labels(Math.min(starts.size(), 1));
  }

  private List<Label> labels(int count) {
    List<Integer> indexes = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      // Spread evenly from the first run to the last: distinct, as there are at least as many runs.
      indexes.add(
          count == 1 ? 0 : (int) Math.round(k * (starts.size() - 1) / (double) (count - 1)));
    }
    List<String> texts = texts(indexes);
    List<Label> labels = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      String anchor = count == 1 ? "middle" : k == 0 ? "start" : k == count - 1 ? "end" : "middle";
      double x = position.applyAsDouble(indexes.get(k));
      labels.add(
          new Label(
              indexes.get(k),
              texts.get(k),
              anchor,
              anchor.equals("start") ? x - inset : anchor.equals("end") ? x + inset : x));
    }
    return labels;
  }

  /**
   * Dates when they tell the labelled runs apart; else times of day fine enough to, each with its
   * date where the date changes from the label before.
   */
  private List<String> texts(List<Integer> indexes) {
    List<String> dates = indexes.stream().map(i -> DATE.format(start(i))).toList();
    if (new HashSet<>(dates).size() == dates.size()) {
      return dates;
    }
    DateTimeFormatter time = TIMES.get(TIMES.size() - 1);
    for (DateTimeFormatter candidate : TIMES) {
      List<String> full =
          indexes.stream()
              .map(i -> DATE.format(start(i)) + " " + candidate.format(start(i)))
              .toList();
      if (new HashSet<>(full).size() == full.size()) {
        time = candidate;
        break;
      }
    }
    List<String> texts = new ArrayList<>();
    for (int k = 0; k < indexes.size(); k++) {
      String clock = time.format(start(indexes.get(k)));
      boolean newDate = k == 0 || !dates.get(k).equals(dates.get(k - 1));
      texts.add(newDate ? dates.get(k) + " " + clock : clock);
    }
    return texts;
  }

  private ZonedDateTime start(int index) {
    return starts.get(index).atZone(ZoneOffset.UTC);
  }
}

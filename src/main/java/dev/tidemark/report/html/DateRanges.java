package dev.tidemark.report.html;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Dates as runs of consecutive days ("2024-01-01 → 2024-01-31"): a backfill's gaps can be hundreds
 * of dates, which as a list would bury the header.
 */
final class DateRanges {
  private DateRanges() {}

  static List<String> of(List<LocalDate> dates) {
    List<String> ranges = new ArrayList<>();
    LocalDate start = null;
    LocalDate end = null;
    for (LocalDate d : new TreeSet<>(dates)) {
      if (end != null && d.equals(end.plusDays(1))) {
        end = d;
        continue;
      }
      if (start != null) {
        ranges.add(range(start, end));
      }
      start = d;
      end = d;
    }
    if (start != null) {
      ranges.add(range(start, end));
    }
    return ranges;
  }

  private static String range(LocalDate start, LocalDate end) {
    return start.equals(end) ? start.toString() : start + " → " + end;
  }
}

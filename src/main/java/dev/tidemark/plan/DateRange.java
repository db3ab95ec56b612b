package dev.tidemark.plan;

import java.time.LocalDate;
import java.util.List;

/** Landing dates from {@code from} to {@code to}, both inclusive. */
public record DateRange(LocalDate from, LocalDate to) {
  public DateRange {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException(
          "Cannot use the range " + from + " .. " + to + ": --from is after --to");
    }
  }

  public List<LocalDate> dates() {
    return from.datesUntil(to.plusDays(1)).toList();
  }

  public boolean contains(LocalDate date) {
    return !date.isBefore(from) && !date.isAfter(to);
  }

  @Override
  public String toString() {
    return from.equals(to) ? from.toString() : from + " .. " + to;
  }
}

package dev.tidemark.plan;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Landing dates from {@code from} to {@code to}, both inclusive; in an hourly layout, from hour
 * {@code fromHour} of the first date through hour {@code toHour} of the last (0 and 23: the whole
 * days). The days between are always whole.
 */
public record DateRange(LocalDate from, LocalDate to, int fromHour, int toHour) {
  public DateRange {
    if (fromHour < 0 || fromHour > 23 || toHour < 0 || toHour > 23) {
      throw new IllegalArgumentException(
          "Cannot use the hours " + fromHour + " .. " + toHour + ": an hour is 00 to 23");
    }
    if (from.isAfter(to) || from.equals(to) && fromHour > toHour) {
      throw new IllegalArgumentException(
          "Cannot use the range "
              + (fromHour == 0 && toHour == 23 ? from : shown(from, fromHour))
              + " .. "
              + (fromHour == 0 && toHour == 23 ? to : shown(to, toHour))
              + ": --from is after --to");
    }
  }

  /** Whole days. */
  public DateRange(LocalDate from, LocalDate to) {
    this(from, to, 0, 23);
  }

  /** The hours from {@code from} through {@code to}, both inclusive. */
  public static DateRange ofHours(LocalDateTime from, LocalDateTime to) {
    return new DateRange(from.toLocalDate(), to.toLocalDate(), from.getHour(), to.getHour());
  }

  public List<LocalDate> dates() {
    return from.datesUntil(to.plusDays(1)).toList();
  }

  public boolean contains(LocalDate date) {
    return !date.isBefore(from) && !date.isAfter(to);
  }

  /** Whether the range starts and ends on a day's bounds: no hour is left out of its days. */
  public boolean wholeDays() {
    return fromHour == 0 && toHour == 23;
  }

  /**
   * The hours of {@code date} within the range, when they are not the whole day: the first and the
   * last, inclusive. Empty for a whole day (or a date outside the range).
   */
  public Optional<int[]> hoursOf(LocalDate date) {
    if (!contains(date)) {
      return Optional.empty();
    }
    int first = date.equals(from) ? fromHour : 0;
    int last = date.equals(to) ? toHour : 23;
    return first == 0 && last == 23 ? Optional.empty() : Optional.of(new int[] {first, last});
  }

  /** The same dates with the hours of {@code hours}' first and last date where they meet it. */
  public DateRange withHoursOf(DateRange hours) {
    return new DateRange(
        from,
        to,
        from.equals(hours.from) ? hours.fromHour : 0,
        to.equals(hours.to) ? hours.toHour : 23);
  }

  /** The first date as {@code --from} takes it: with its hour when the range is not whole days. */
  public String fromShown() {
    return wholeDays() ? from.toString() : shown(from, fromHour);
  }

  /** The last date as {@code --to} takes it: with its hour when the range is not whole days. */
  public String toShown() {
    return wholeDays() ? to.toString() : shown(to, toHour);
  }

  @Override
  public String toString() {
    if (wholeDays()) {
      return from.equals(to) ? from.toString() : from + " .. " + to;
    }
    return shown(from, fromHour) + " .. " + shown(to, toHour);
  }

  /** A date and hour as {@code --from} takes it: {@code 2026-01-05T06}. */
  static String shown(LocalDate date, int hour) {
    return String.format("%sT%02d", date, hour);
  }
}

package dev.tidemark.cli;

import dev.tidemark.plan.DateRange;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --from} and {@code --to}: landing dates, both inclusive, given together; in an hourly
 * layout a date and hour ({@code 2026-01-05T06}) too.
 */
final class RangeOptions {
  private static final Pattern DATE_HOUR =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{1,2})(?::00)?)?");

  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD[THH]",
      description =
          "First landing date of a backfill (inclusive), or date and hour in an hourly layout;"
              + " needs --to.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD[THH]",
      description =
          "Last landing date of a backfill (inclusive), or date and hour in an hourly layout;"
              + " needs --from.")
  String to;

  /** The explicit range, or empty for an incremental run. */
  Optional<DateRange> range() {
    if (from == null && to == null) {
      return Optional.empty();
    }
    if (from == null || to == null) {
      throw new UsageException(
          "Cannot run a backfill with only "
              + (from == null ? "--to" : "--from")
              + ": give both --from and --to (landing dates, inclusive), or neither for an"
              + " incremental run");
    }
    DateHour first = parse("--from", from, 0);
    DateHour last = parse("--to", to, 23);
    try {
      return Optional.of(new DateRange(first.date(), last.date(), first.hour(), last.hour()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "Cannot use --from " + from + " --to " + to + ": --from is after --to");
    }
  }

  private record DateHour(LocalDate date, int hour) {}

  /** A date (its first or last hour, {@code dayHour}) or a date and hour. */
  private static DateHour parse(String option, String text, int dayHour) {
    Matcher m = DATE_HOUR.matcher(text.trim());
    try {
      if (m.matches()) {
        LocalDate date = LocalDate.parse(m.group(1));
        int hour = m.group(2) == null ? dayHour : Integer.parseInt(m.group(2));
        if (hour <= 23) {
          return new DateHour(date, hour);
        }
      }
    } catch (DateTimeParseException e) {
      // said below
    }
    throw new UsageException(
        "Invalid value for option '"
            + option
            + "': '"
            + text
            + "' is not a date; use YYYY-MM-DD, e.g. 2026-01-31, or in an hourly layout a date"
            + " and hour, 2026-01-31T06");
  }
}

package dev.tidemark.report.html;

import dev.tidemark.report.Durations;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * How every number, duration and time is shown, in one place so the page reads the same everywhere:
 * Locale.ROOT thousands separators ({@code 1,234}), two decimals for fractions, UTC times. Exact
 * values go in {@code data-value} attributes ({@link #raw}), never these strings.
 */
final class Format {
  /** Shown where a run has no value (it failed before that stage). */
  static final String NONE = "—";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Format() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String decimal(double d) {
    return String.format(Locale.ROOT, "%,.2f", d);
  }

  /** A runtime in the unit that keeps it short: 850 ms, 12.34 s, 3m 05s, 2h 03m. */
  static String duration(long ms) {
    if (Math.abs(ms) < 1_000) {
      return ms + " ms";
    }
    if (Math.abs(ms) < 60_000) {
      return decimal(ms / 1000.0) + " s";
    }
    long seconds = ms / 1000;
    if (Math.abs(seconds) < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, Math.abs(seconds % 60));
    }
    return String.format(
        Locale.ROOT, "%,dh %02dm", seconds / 3600, Math.abs((seconds % 3600) / 60));
  }

  /** A watermark lag, written as the CLI writes it ({@code 1d 3h}, {@code 2h 5m}). */
  static String lag(long seconds) {
    return Durations.seconds(seconds);
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  /** An axis tick: integers with separators, fractions with two decimals, millions shortened. */
  static String tick(double value) {
    if (Math.abs(value) >= 1_000_000) {
      return decimal(value / 1_000_000) + "M";
    }
    if (value == Math.rint(value)) {
      return count((long) value);
    }
    return decimal(value);
  }

  /** The exact value for {@code data-value}: what a test or a script compares. */
  static String raw(long n) {
    return Long.toString(n);
  }

  /** Double.toString round-trips: JavaScript's parseFloat reads back the same double. */
  static String raw(double d) {
    return Double.toString(d);
  }

  static String raw(Optional<? extends Number> n) {
    return n.map(Format::rawNumber).orElse(null);
  }

  private static String rawNumber(Number n) {
    return n instanceof Double d ? raw(d.doubleValue()) : raw(n.longValue());
  }
}

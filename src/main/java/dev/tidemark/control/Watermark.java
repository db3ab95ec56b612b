package dev.tidemark.control;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * A pipeline's two watermarks: the newest landing date fully processed (in an hourly layout, with
 * its newest hour), and the newest event time published. Both empty before the first successful
 * run.
 */
public record Watermark(
    Optional<LocalDate> landing,
    Optional<Instant> event,
    Optional<String> runId,
    Optional<Integer> landingHour) {
  public static final Watermark NONE =
      new Watermark(Optional.empty(), Optional.empty(), Optional.empty());

  /** A landing watermark of a whole day (a daily layout's). */
  public Watermark(Optional<LocalDate> landing, Optional<Instant> event, Optional<String> runId) {
    this(landing, event, runId, Optional.empty());
  }

  /** The landing watermark's hour, when it has one: its day's last hour otherwise. */
  public Optional<LocalDateTime> landingHourly() {
    return landing.map(d -> d.atTime(landingHour.orElse(23), 0));
  }

  /** The landing watermark as status and the runs table show it: 2026-01-05, or 2026-01-05T14. */
  public Optional<String> landingShown() {
    return landing.map(d -> shown(d, landingHour));
  }

  /** A landing date with its hour, when it has one: {@code 2026-01-05T14}. */
  public static String shown(LocalDate date, Optional<Integer> hour) {
    return hour.map(h -> String.format("%sT%02d", date, h)).orElse(date.toString());
  }

  /** True when either mark differs from {@code before}'s (the run that set them does not count). */
  public boolean movedFrom(Watermark before) {
    return !landing.equals(before.landing)
        || !landingHour.equals(before.landingHour)
        || !event.equals(before.event);
  }
}

package dev.tidemark.report;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One landing date's state, the run that last touched it, and a line a person can read; in an
 * hourly layout also its hours ({@code hours}, see {@link #HOUR_STATES}).
 *
 * @param hours one character per hour, 00 to 23, in an hourly layout; empty otherwise
 */
public record DateCoverage(
    LocalDate date, CoverageState state, Optional<String> runId, String detail, String hours) {
  /**
   * What each character of {@code hours} says of its hour: {@code p} its files are published,
   * {@code n} it holds files no run published, {@code c} it holds files new since it was published,
   * {@code -} it holds no files, {@code .} it has not come yet.
   */
  public static final String HOUR_STATES = "pnc-.";

  public DateCoverage {
    if (!hours.isEmpty()
        && (hours.length() != 24 || !hours.chars().allMatch(c -> HOUR_STATES.indexOf(c) >= 0))) {
      throw new IllegalArgumentException("hours must be 24 of " + HOUR_STATES + ": " + hours);
    }
  }

  /** A date of a daily layout: no hours. */
  public DateCoverage(LocalDate date, CoverageState state, Optional<String> runId, String detail) {
    this(date, state, runId, detail, "");
  }
}

package dev.tidemark.sample;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What sample data to write: landing dates {@code start .. start+days-1}, about {@code rowsPerDay}
 * raw rows per landing folder once the feed is warm, split over {@code filesPerDay} part files. The
 * same spec always yields byte-identical files.
 */
public record SampleSpec(LocalDate start, int days, int rowsPerDay, long seed, int filesPerDay) {

  public SampleSpec {
    Objects.requireNonNull(
        start, "Cannot create a sample spec without a start date: start is null");
    if (days < 1) {
      throw new IllegalArgumentException(
          "Cannot create a sample spec with days=" + days + ": at least 1 landing day is needed");
    }
    if (rowsPerDay < 1) {
      throw new IllegalArgumentException(
          "Cannot create a sample spec with rowsPerDay="
              + rowsPerDay
              + ": each landing day needs at least 1 row");
    }
    if (filesPerDay < 1) {
      throw new IllegalArgumentException(
          "Cannot create a sample spec with filesPerDay="
              + filesPerDay
              + ": each landing folder needs at least 1 part file");
    }
  }

  /** 30 landing days from 2026-01-01, 10,000 rows a day, seed 42, 2 part files a day. */
  public static SampleSpec defaults() {
    return new SampleSpec(LocalDate.of(2026, 1, 1), 30, 10_000, 42L, 2);
  }

  /** The last landing date written. */
  public LocalDate lastLandingDate() {
    return start.plusDays(days - 1L);
  }
}

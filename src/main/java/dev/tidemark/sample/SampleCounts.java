package dev.tidemark.sample;

import java.time.LocalDate;

/** Mutable tallies kept while writing; frozen into a {@link SampleSummary} at the end. */
final class SampleCounts {
  long rawRows;
  long distinctKeys;
  long goldenRows;
  long sameDayMultiVersionKeys;
  long laterDayUpdates;
  long lateArrivals;
  long staleRedeliveries;
  long exactDuplicates;
  long equalTimestampPairs;

  SampleSummary toSummary(LocalDate firstLandingDate, LocalDate lastLandingDate) {
    return new SampleSummary(
        rawRows,
        distinctKeys,
        goldenRows,
        sameDayMultiVersionKeys,
        laterDayUpdates,
        lateArrivals,
        staleRedeliveries,
        exactDuplicates,
        equalTimestampPairs,
        firstLandingDate,
        lastLandingDate);
  }
}

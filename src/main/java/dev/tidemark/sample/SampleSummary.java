package dev.tidemark.sample;

import java.time.LocalDate;
import java.util.Locale;

/**
 * Counts of what {@link SampleGenerator#write} wrote. Every count can be recomputed from the files
 * alone, so tests (and people) can check the generator against its output:
 *
 * <ul>
 *   <li>{@code rawRows}: lines in all raw part files.
 *   <li>{@code distinctKeys}: distinct order_id values in the raw files.
 *   <li>{@code goldenRows}: lines in all golden part files.
 *   <li>{@code sameDayMultiVersionKeys}: (landing folder, order_id) pairs where the folder holds at
 *       least two different versions of the key.
 *   <li>{@code laterDayUpdates}: golden rows that are not a key's first one, i.e. times a later
 *       landing folder changed a key's state ({@code goldenRows - distinctKeys}).
 *   <li>{@code lateArrivals}: distinct (order_id, version) whose first landing date is after the
 *       UTC date of its updated_at.
 *   <li>{@code staleRedeliveries}: raw rows that land in a folder after a strictly newer
 *       (updated_at, version) of the same key already landed in an earlier folder.
 *   <li>{@code exactDuplicates}: raw rows that repeat another raw row byte for byte ({@code
 *       rawRows} minus distinct rows). A stale re-delivery repeats an earlier row, so it counts
 *       here too.
 *   <li>{@code equalTimestampPairs}: pairs of different versions of one key, both in the raw files,
 *       that have the same updated_at.
 *   <li>{@code firstLandingDate}, {@code lastLandingDate}: the landing dates of the first and last
 *       raw folder.
 * </ul>
 */
public record SampleSummary(
    long rawRows,
    long distinctKeys,
    long goldenRows,
    long sameDayMultiVersionKeys,
    long laterDayUpdates,
    long lateArrivals,
    long staleRedeliveries,
    long exactDuplicates,
    long equalTimestampPairs,
    LocalDate firstLandingDate,
    LocalDate lastLandingDate) {

  /** A few human-readable lines, e.g. for a CLI or a log. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "raw: %,d rows, %,d order keys, landing dates %s .. %s%n"
            + "golden: %,d rows (%,d state changes on a later day)%n"
            + "feed quirks: %,d same-day multi-version keys, %,d late arrivals,"
            + " %,d stale re-deliveries, %,d exact duplicates, %,d equal-timestamp pairs",
        rawRows,
        distinctKeys,
        firstLandingDate,
        lastLandingDate,
        goldenRows,
        laterDayUpdates,
        sameDayMultiVersionKeys,
        lateArrivals,
        staleRedeliveries,
        exactDuplicates,
        equalTimestampPairs);
  }
}

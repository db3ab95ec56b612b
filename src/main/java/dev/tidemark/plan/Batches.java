package dev.tidemark.plan;

import dev.tidemark.config.BatchLimits;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A backfill's range cut into batches, oldest landing dates first: each batch takes dates until the
 * next would pass the batch's days or its bytes to read. A date that alone holds more bytes than a
 * batch may is a batch of its own. Dates with nothing to read count as days but not as bytes, so a
 * rerun cuts the same batches whatever was published since.
 */
public final class Batches {
  private Batches() {}

  /**
   * The batch ranges of {@code whole}, a plan of the backfill's whole range; one range, the whole,
   * when it fits in one batch.
   */
  public static List<DateRange> of(RunPlan whole, BatchLimits limits) {
    return of(
        whole.range(), bytes(whole.folders().stream().map(FolderPlan::folder).toList()), limits);
  }

  /** The bytes of files of each landing date's folders. */
  public static Map<LocalDate, Long> bytes(List<LandingFolder> folders) {
    Map<LocalDate, Long> bytes = new HashMap<>();
    for (LandingFolder folder : folders) {
      bytes.merge(folder.date(), folder.bytes(), Long::sum);
    }
    return bytes;
  }

  /** The batch ranges of {@code range}, whose dates hold {@code bytes} of files. */
  public static List<DateRange> of(
      DateRange range, Map<LocalDate, Long> bytes, BatchLimits limits) {
    List<DateRange> batches = new ArrayList<>();
    LocalDate from = null;
    LocalDate last = null;
    int days = 0;
    long taken = 0;
    for (LocalDate date : range.dates()) {
      long size = bytes.getOrDefault(date, 0L);
      boolean full = days == limits.maxDays() || days > 0 && taken + size > limits.maxBytes();
      if (full) {
        batches.add(new DateRange(from, last).withHoursOf(range));
        from = null;
        days = 0;
        taken = 0;
      }
      if (from == null) {
        from = date;
      }
      last = date;
      days++;
      taken += size;
    }
    batches.add(new DateRange(from, last).withHoursOf(range));
    return batches;
  }
}

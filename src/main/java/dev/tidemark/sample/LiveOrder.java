package dev.tidemark.sample;

/**
 * An order while deliveries of it are still due. Tracks what has landed so far to keep the summary
 * counts and to build the order's golden rows as landing days go by; once nothing more of it can
 * land, its golden rows are final and it can be written and forgotten.
 */
final class LiveOrder {

  final OrderLifecycle lifecycle;
  final long seq; // copied from the lifecycle: sorting by it then skips a pointer hop
  private int pending; // deliveries still due within the landing window
  private int state = -1; // version index of the state as of the previous landing day
  private int seenMask; // bit i set once version i has landed anywhere
  private int touchedDay = -1;
  private int dayMask; // versions that landed on touchedDay
  // The state only moves forward, so there are at most as many golden rows as versions.
  private final byte[] goldenVersion;
  private final int[] goldenFrom;
  private int goldenCount;

  LiveOrder(OrderLifecycle lifecycle, int pending) {
    this.lifecycle = lifecycle;
    this.seq = lifecycle.seq;
    this.pending = pending;
    this.goldenVersion = new byte[lifecycle.versionCount()];
    this.goldenFrom = new int[goldenVersion.length];
  }

  /**
   * Records that {@code version} of this order landed on {@code day}; landing days must be fed in
   * increasing order. Returns true on the order's first landing of that day.
   */
  boolean land(int day, OrderVersion version, SampleCounts counts) {
    int versionIndex = version.version() - 1;
    boolean firstToday = touchedDay != day;
    if (firstToday) {
      touchedDay = day;
      dayMask = 0;
    }
    int bit = 1 << versionIndex;
    if (seenMask == 0) {
      counts.distinctKeys++;
    }
    if ((seenMask & bit) != 0) {
      counts.exactDuplicates++;
    } else if (day > version.eventDay()) {
      counts.lateArrivals++;
    }
    if (versionIndex < state) {
      counts.staleRedeliveries++;
    }
    if ((dayMask & bit) == 0 && Integer.bitCount(dayMask) == 1) {
      counts.sameDayMultiVersionKeys++;
    }
    dayMask |= bit;
    seenMask |= bit;
    pending--;
    return firstToday;
  }

  /**
   * Closes landing day {@code day} for this order: the newest version landed so far becomes its
   * state, opening a golden row only when that state actually changes. Returns true when nothing
   * more of the order can land.
   */
  boolean endOfDay(int day, SampleCounts counts) {
    int newestToday = 31 - Integer.numberOfLeadingZeros(dayMask);
    if (newestToday > state) {
      if (state >= 0) {
        counts.laterDayUpdates++;
      }
      state = newestToday;
      goldenVersion[goldenCount] = (byte) newestToday;
      goldenFrom[goldenCount] = day;
      goldenCount++;
    }
    return pending == 0;
  }

  /** Pairs of different landed versions with the same updated_at, once the order is done. */
  int equalTimestampPairs() {
    int pairs = 0;
    for (int i = 0; i < lifecycle.versionCount(); i++) {
      for (int j = i + 1; j < lifecycle.versionCount(); j++) {
        boolean bothLanded = (seenMask & (1 << i)) != 0 && (seenMask & (1 << j)) != 0;
        if (bothLanded && lifecycle.version(i).updatedAt() == lifecycle.version(j).updatedAt()) {
          pairs++;
        }
      }
    }
    return pairs;
  }

  int goldenCount() {
    return goldenCount;
  }

  OrderVersion goldenVersion(int row) {
    return lifecycle.version(goldenVersion[row]);
  }

  int goldenFrom(int row) {
    return goldenFrom[row];
  }

  /** The exclusive end day of golden row {@code row}, or -1 when it is still current. */
  int goldenTo(int row) {
    return row + 1 < goldenCount ? goldenFrom[row + 1] : -1;
  }
}

package dev.tidemark.sample;

/**
 * One version of an order as the source system emitted it. {@code updatedAt} is in milliseconds
 * since midnight UTC of the spec's start date (not the Unix epoch), so day arithmetic stays simple.
 */
record OrderVersion(int version, OrderStatus status, int amountCents, long updatedAt) {

  static final long DAY_MS = 86_400_000L;

  /** The day index (0 = spec start) of the event, i.e. the folder it lands in when on time. */
  int eventDay() {
    return (int) Math.floorDiv(updatedAt, DAY_MS);
  }
}

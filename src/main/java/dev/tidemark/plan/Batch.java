package dev.tidemark.plan;

/**
 * Which batch of a backfill a run is: the {@code index}th (from 1) of {@code count}, over the
 * backfill's {@code whole} range.
 */
public record Batch(int index, int count, DateRange whole) {
  public Batch {
    if (index < 1 || index > count) {
      throw new IllegalArgumentException("Cannot be batch " + index + " of " + count);
    }
  }

  /** {@code batch 3 of 12 of 2026-01-01 .. 2026-12-31}. */
  @Override
  public String toString() {
    return "batch " + index + " of " + count + " of " + whole;
  }
}

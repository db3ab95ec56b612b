package dev.tidemark.config;

/**
 * How much of a backfill one batch takes ({@code pipeline.batch}): at most {@code maxDays} landing
 * dates, and at most {@code maxBytes} of files to read, unless a single landing date holds more. A
 * backfill within both is one run, as before batches.
 */
public record BatchLimits(int maxDays, long maxBytes) {
  public static final BatchLimits DEFAULT = new BatchLimits(31, 10L << 30);

  public BatchLimits {
    if (maxDays < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "Cannot use batches of "
              + maxDays
              + " days and "
              + maxBytes
              + " bytes: both must be >= 1");
    }
  }
}

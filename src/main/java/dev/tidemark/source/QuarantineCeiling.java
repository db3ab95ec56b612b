package dev.tidemark.source;

import dev.tidemark.config.QuarantineConfig;

/**
 * The quarantine ceiling: too many rows that cannot be used means the input is broken (a changed
 * export, a wrong delimiter), and publishing the few that parse would hide it. Checked after the
 * quarantine rows are written and before publish, so the rows are there to look at and the target
 * and watermarks stay as they were.
 */
public final class QuarantineCeiling {
  private QuarantineCeiling() {}

  /** Throws when {@code quarantined} of {@code read} is more than the configured share. */
  public static void check(QuarantineConfig config, long read, long quarantined) {
    if (!config.hasCeiling() || read == 0) {
      return;
    }
    double share = (double) quarantined / read;
    if (share > config.maxShare()) {
      throw new QuarantineCeilingException(
          String.format(
              java.util.Locale.ROOT,
              "Cannot publish: %s of the rows read were quarantined (%,d of %,d), above %s = %s"
                  + " (%s). The rows are in the quarantine table with their reasons; fix the"
                  + " files or the configuration and run again, or raise %s",
              percent(share),
              quarantined,
              read,
              QuarantineConfig.MAX_SHARE_KEY,
              config.maxShare(),
              percent(config.maxShare()),
              QuarantineConfig.MAX_SHARE_KEY));
    }
  }

  private static String percent(double share) {
    return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * share);
  }

  /** A run stopped by the ceiling: it failed before publish. */
  public static final class QuarantineCeilingException extends RuntimeException {
    QuarantineCeilingException(String message) {
      super(message);
    }
  }
}

package dev.tidemark.source;

import dev.tidemark.config.QuarantineConfig;
import java.util.Locale;
import java.util.Optional;

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
    breach(config, read, quarantined)
        .ifPresent(
            found -> {
              throw new QuarantineCeilingException(
                  "Cannot publish: "
                      + found
                      + ". The rows are in the quarantine table with their reasons; fix the files"
                      + " or the configuration and run again, or raise "
                      + QuarantineConfig.MAX_SHARE_KEY);
            });
  }

  /**
   * What is above the ceiling, e.g. "40.0% of the rows read were quarantined (2 of 5), above
   * pipeline.quarantine.max-share = 0.1 (10.0%)"; empty when nothing is. A dry run reports it
   * without stopping.
   */
  public static Optional<String> breach(QuarantineConfig config, long read, long quarantined) {
    if (!config.hasCeiling() || read == 0) {
      return Optional.empty();
    }
    double share = (double) quarantined / read;
    if (share <= config.maxShare()) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "%s of the rows read were quarantined (%,d of %,d), above %s = %s (%s)",
            percent(share),
            quarantined,
            read,
            QuarantineConfig.MAX_SHARE_KEY,
            config.maxShare(),
            percent(config.maxShare())));
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  /** A run stopped by the ceiling: it failed before publish. */
  public static final class QuarantineCeilingException extends RuntimeException {
    QuarantineCeilingException(String message) {
      super(message);
    }
  }
}

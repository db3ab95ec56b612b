package dev.tidemark.config;

import java.time.Duration;
import java.util.Optional;

/**
 * What an incremental run looks at besides the new folders: {@code pipeline.lookback} before the
 * landing watermark, and how often it searches every published folder for late files.
 */
final class RunWindow {
  private RunWindow() {}

  /**
   * {@code pipeline.lookback}, or the older {@code pipeline.lookback-days} where a file sets it:
   * whole hours, at most ten years.
   */
  static Duration lookback(ConfigReader r) {
    Optional<String> days = r.optionalString("pipeline.lookback-days");
    if (days.isPresent()) {
      if (!r.where("pipeline.lookback").contains("reference.conf")) {
        throw new InvalidConfigException(
            "Cannot use both pipeline.lookback ("
                + r.where("pipeline.lookback")
                + ") and pipeline.lookback-days ("
                + r.where("pipeline.lookback-days")
                + "): keep pipeline.lookback, e.g. lookback = 3d, or 6h in an hourly layout");
      }
      return Duration.ofDays(r.integer("pipeline.lookback-days", 0, 3650));
    }
    Duration lookback = r.duration("pipeline.lookback");
    if (lookback.isNegative()
        || lookback.toSeconds() % 3600 != 0
        || lookback.compareTo(Duration.ofDays(3650)) > 0) {
      throw new InvalidConfigException(
          "Cannot use pipeline.lookback = "
              + r.string("pipeline.lookback")
              + " ("
              + r.where("pipeline.lookback")
              + "): allowed is whole hours from 0 to 3650 days, e.g. 3d, or 6h in an hourly"
              + " layout");
    }
    return lookback;
  }

  /**
   * {@code pipeline.late-files.search-every}: empty for every run; else a duration of at least an
   * hour.
   */
  static Optional<Duration> lateFileSearchEvery(ConfigReader r) {
    String key = "pipeline.late-files.search-every";
    if (r.optionalString(key).isEmpty()) {
      return Optional.empty();
    }
    Duration every = r.duration(key);
    if (every.compareTo(Duration.ofHours(1)) < 0) {
      throw new InvalidConfigException(
          "Cannot use "
              + key
              + " = "
              + r.string(key)
              + " ("
              + r.where(key)
              + "): allowed is empty (every run) or a duration of at least 1h, e.g. 24h");
    }
    return Optional.of(every);
  }
}

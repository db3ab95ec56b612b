package dev.tidemark.report;

import java.time.Duration;

/** Durations as people read them: "3d 4h", "2h 5m", "42s". */
public final class Durations {
  private Durations() {}

  /**
   * A lag or an age given in seconds, as {@link #human(Duration)} writes it: the one style the CLI
   * and the report share.
   */
  public static String seconds(long seconds) {
    return human(Duration.ofSeconds(seconds));
  }

  public static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 0) {
      return "-" + human(d.negated());
    }
    if (s >= 86_400) {
      return (s / 86_400) + "d " + (s % 86_400) / 3600 + "h";
    }
    if (s >= 3600) {
      return (s / 3600) + "h " + (s % 3600) / 60 + "m";
    }
    if (s >= 60) {
      return (s / 60) + "m " + (s % 60) + "s";
    }
    return s + "s";
  }
}

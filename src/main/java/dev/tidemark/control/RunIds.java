package dev.tidemark.control;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Run ids that sort by start time and never repeat: r-20260131-235959-1a2b3c. */
public final class RunIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  public static String next(Clock clock) {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return "r-" + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
  }
}

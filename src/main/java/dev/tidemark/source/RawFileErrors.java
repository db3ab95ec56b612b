package dev.tidemark.source;

import dev.tidemark.spark.AsThrown;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Spark's failure to read a whole file (a truncated gzip, a file deleted while the run read
 * it) into a message that names the file and says what to do. Rows of such a file cannot be
 * quarantined one by one: the file cannot be read to its end, so the run stops before publish
 * rather than publish part of it.
 */
public final class RawFileErrors {
  private static final Pattern FILE = Pattern.compile("reading file (\\S+?)\\.?\\s");

  /** What to do about a file no run can read, whatever made it unreadable. */
  static final String RESEND =
      "Deliver the file again (or move it out of its landing folder) and rerun its landing date";

  private RawFileErrors() {}

  /**
   * Throws the error to report for {@code e}: explained when it is a file read failure, else {@code
   * e} itself (Spark's exceptions are checked in Java's eyes but thrown undeclared).
   */
  public static RuntimeException rethrow(Exception e) {
    RuntimeException explained = explain(e);
    if (explained != null) {
      throw explained;
    }
    throw AsThrown.rethrow(e);
  }

  /** The explained error when {@code e} is a failure to read a file; null otherwise. */
  static RuntimeException explain(Exception e) {
    String file = null;
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (file == null && t.getMessage() != null) {
        Matcher m = FILE.matcher(t.getMessage());
        if (t.getMessage().contains("FAILED_READ_FILE") && m.find()) {
          file = m.group(1);
        }
      }
      root = t;
    }
    if (file == null) {
      return null;
    }
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return new IllegalStateException(
        "Cannot read raw file "
            + file
            + ": "
            + why.lines().findFirst().orElse(why)
            + ". A truncated or corrupt compressed file cannot be read to its end, so nothing of"
            + " this run was published. "
            + RESEND,
        e);
  }
}

package dev.tidemark.table;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failures to read a Delta table's log, told apart from other errors. Spark and Hadoop report a
 * corrupt commit file as a task failure around a {@code ChecksumException} or a JSON parse error,
 * and a missing one as versions "not contiguous": this finds those in a cause chain and says, in
 * one message, which table, which file, and what to do.
 */
public final class DeltaLogs {
  private static final String LOG = "/_delta_log/";

  /** A path in a message: up to white space, quotes, brackets or a comma. */
  private static final Pattern LOG_FILE =
      Pattern.compile("[^\\s'\"()\\[\\],]*" + LOG + "[^\\s'\"()\\[\\],]+");

  private DeltaLogs() {}

  /**
   * Runs a read of {@code table}; a log that cannot be read fails with an {@link
   * UnreadableLogException} naming the table even when Delta's error names no file.
   */
  public static <T> T reading(TableRef table, Supplier<T> read) {
    try {
      return read.get();
    } catch (Exception e) { // Spark's checked exceptions are thrown undeclared
      Optional<UnreadableLogException> unreadable = unreadable(e, Optional.of(table.toString()));
      if (unreadable.isPresent()) {
        throw unreadable.get();
      }
      throw e;
    }
  }

  /** The unreadable log this error comes from, if it does. */
  public static Optional<UnreadableLogException> unreadable(Throwable error) {
    return unreadable(error, Optional.empty());
  }

  private static Optional<UnreadableLogException> unreadable(
      Throwable error, Optional<String> knownTable) {
    Optional<UnreadableLogException> known = alreadyTold(error);
    if (known.isPresent()) {
      return known;
    }
    Diagnosis found = diagnose(error);
    Optional<String> file = found.file();
    // Without a log file named, only a failure while reading a known table is its log's.
    if (found.what() == null || file.isEmpty() && knownTable.isEmpty()) {
      return Optional.empty();
    }
    String table = file.map(f -> f.substring(0, f.indexOf(LOG))).or(() -> knownTable).orElseThrow();
    return Optional.of(
        new UnreadableLogException(table, file, message(table, file, found.what()), error));
  }

  /** An {@link UnreadableLogException} in the cause chain: it has said all there is to say. */
  private static Optional<UnreadableLogException> alreadyTold(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnreadableLogException known) {
        return Optional.of(known);
      }
    }
    return Optional.empty();
  }

  /**
   * What a cause chain says of a log file: the first file it names, and what is wrong with it, NULL
   * when nothing says the log is at fault.
   */
  private record Diagnosis(Optional<String> file, String what) {}

  private static Diagnosis diagnose(Throwable error) {
    String what = null;
    Optional<String> file = Optional.empty();
    boolean readFailed = false;
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      String type = t.getClass().getName();
      if (file.isEmpty()) {
        file = logFile(message);
      }
      if (type.endsWith(".ChecksumException")) {
        what = "does not match its checksum: it changed after it was written, or its checksum file";
      } else if (what == null
          && (t instanceof com.fasterxml.jackson.core.JsonProcessingException
              || message.contains("MALFORMED_RECORD_IN_PARSING"))) {
        what = "is not valid JSON: it is corrupt or cut short";
      } else if (message.contains("DELTA_VERSIONS_NOT_CONTIGUOUS")) {
        what =
            "is missing: " + message.lines().findFirst().orElse(message).replaceAll("[.\\s]+$", "");
      }
      readFailed |= message.contains("FAILED_READ_FILE");
    }
    if (what == null && readFailed && file.isPresent()) {
      what = "cannot be read";
    }
    return new Diagnosis(file, what);
  }

  /** Which table and file, what is wrong with it, and how to restore it or do without it. */
  private static String message(String table, Optional<String> file, String what) {
    String name = file.map(f -> f.substring(f.indexOf(LOG) + LOG.length())).orElse("");
    String subject = file.map(f -> "Its log file " + f).orElse("A commit file of its log");
    String advice =
        what.startsWith("does not match")
            ? " (."
                + name
                + ".crc beside it) is stale. If the file's content is right, delete that"
                + " checksum file; otherwise restore the file"
            : ". Restore it";
    return "Cannot read the Delta log of table "
        + table
        + ". "
        + subject
        + " "
        + what
        + advice
        + " from a backup or the storage's earlier version of it. If it is the table's"
        + " newest commit and no copy is left, move it out of _delta_log with its checksum"
        + " files: the table then ends at the version before, and for a pipeline's target"
        + " the next run says what that lost and how to rebuild it. Run again with"
        + " --verbose for the stack trace";
  }

  private static Optional<String> logFile(String message) {
    Matcher m = LOG_FILE.matcher(message);
    if (!m.find()) {
      return Optional.empty();
    }
    String file = m.group().replaceAll("[.:;]+$", "");
    return file.substring(file.indexOf(LOG) + LOG.length()).isEmpty()
        ? Optional.empty()
        : Optional.of(file);
  }
}

package dev.tidemark.table;

import java.util.Optional;

/**
 * A Delta table whose log cannot be read (a commit file corrupt, cut short, missing, or its
 * checksum stale): the message names the table, the file and what to do, so no one needs the stack
 * trace.
 */
public final class UnreadableLogException extends RuntimeException {
  private final String table;
  private final Optional<String> file;

  UnreadableLogException(String table, Optional<String> file, String message, Throwable cause) {
    super(message, cause);
    this.table = table;
    this.file = file;
  }

  public String table() {
    return table;
  }

  /** The log file that could not be read, when the error names it. */
  public Optional<String> file() {
    return file;
  }
}

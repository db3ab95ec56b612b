package dev.tidemark.cli;

/** The command was called wrongly: exit code 2 with this message. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}

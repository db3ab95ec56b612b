package dev.tidemark.databricks;

/**
 * A Tidemark command run as a Databricks job ended with a non-zero exit code. The message is what
 * the command printed on stderr, so the job's run page shows the same text a terminal would.
 */
final class TidemarkJobFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public TidemarkJobFailedException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The exit code the command line would have exited with (see {@code ExitCodes}). */
  public int exitCode() {
    return exitCode;
  }
}

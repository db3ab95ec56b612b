package dev.tidemark.control;

/** Another process holds the pipeline's lock and did not release it in time. */
public final class LockHeldException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LockHeldException(String message) {
    super(message);
  }
}

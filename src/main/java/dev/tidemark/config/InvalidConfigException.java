package dev.tidemark.config;

/**
 * A configuration that cannot be used. The message names the file, the key path, the value and what
 * is allowed, so the user can fix it without reading code.
 */
public final class InvalidConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }

  public InvalidConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

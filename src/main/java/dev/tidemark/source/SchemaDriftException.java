package dev.tidemark.source;

/**
 * The files, the configured schema and the target disagree on columns in a way the pipeline's
 * {@code schema-drift} policy does not accept. Thrown before anything is staged or published, so
 * the run fails with the target and the watermarks as they were.
 */
public final class SchemaDriftException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SchemaDriftException(String message) {
    super(message);
  }
}

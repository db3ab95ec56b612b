package dev.tidemark.plan;

/** A run that cannot be planned as asked: a usage problem, not a failed run. */
public final class PlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PlanException(String message) {
    super(message);
  }
}

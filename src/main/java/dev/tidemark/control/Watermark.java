package dev.tidemark.control;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A pipeline's two watermarks: the newest landing date fully processed, and the newest event time
 * published. Both empty before the first successful run.
 */
public record Watermark(
    Optional<LocalDate> landing, Optional<Instant> event, Optional<String> runId) {
  public static final Watermark NONE =
      new Watermark(Optional.empty(), Optional.empty(), Optional.empty());

  /** True when either mark differs from {@code before}'s (the run that set them does not count). */
  public boolean movedFrom(Watermark before) {
    return !landing.equals(before.landing) || !event.equals(before.event);
  }
}

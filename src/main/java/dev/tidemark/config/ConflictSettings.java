package dev.tidemark.config;

import java.time.Duration;

/**
 * How a write that lost a race to a concurrent Delta commit is retried: at most {@code attempts}
 * tries in all, waiting {@code backoff} before the first retry, doubling up to {@code maxBackoff}.
 */
public record ConflictSettings(int attempts, Duration backoff, Duration maxBackoff) {
  /** For control tables opened outside a run (reports, status): the reference.conf defaults. */
  public static final ConflictSettings DEFAULT =
      new ConflictSettings(5, Duration.ofMillis(200), Duration.ofSeconds(5));
}

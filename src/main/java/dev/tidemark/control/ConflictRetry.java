package dev.tidemark.control;

import dev.tidemark.config.ConflictSettings;
import dev.tidemark.spark.internal.DeltaConflicts;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a Delta write that lost a race to another commit. Runs of one pipeline in one JVM write
 * the same control tables and the same target; Delta lets only one of two overlapping transactions
 * commit and fails the other with a concurrent modification exception. Every Tidemark write is
 * idempotent (control rows replace by run id; rows under a new id are appended, and an append that
 * lost the race did not commit; the MERGE skips rows the target already holds), so doing the whole
 * write again on the new snapshot is always safe.
 */
public final class ConflictRetry {
  private static final Logger LOG = LoggerFactory.getLogger(ConflictRetry.class);

  private final ConflictSettings settings;

  public ConflictRetry(ConflictSettings settings) {
    this.settings = settings;
  }

  public ConflictSettings settings() {
    return settings;
  }

  public void run(String what, Runnable write) {
    call(
        what,
        () -> {
          write.run();
          return null;
        });
  }

  /** The write's result; after the last attempt, the conflict itself, saying what was tried. */
  public <T> T call(String what, Supplier<T> write) {
    Duration wait = settings.backoff();
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (RuntimeException e) {
        RuntimeException conflict = DeltaConflicts.in(e).orElseThrow(() -> e);
        if (attempt >= settings.attempts()) {
          throw new IllegalStateException(
              "Cannot "
                  + what
                  + ": another commit won the race "
                  + settings.attempts()
                  + " times in a row ("
                  + conflict.getClass().getSimpleName()
                  + "). Raise tidemark.conflicts.attempts, or run fewer runs of the pipeline at"
                  + " once",
              e);
        }
        LOG.warn(
            "Retrying '{}' (attempt {} of {}) in {} ms: a concurrent commit conflicted: {}",
            what,
            attempt + 1,
            settings.attempts(),
            wait.toMillis(),
            firstLine(conflict.getMessage()));
        sleep(jittered(wait));
        wait = min(wait.multipliedBy(2), settings.maxBackoff());
      }
    }
  }

  /** Between half and all of the wait: two runs that collided do not collide again in step. */
  private static Duration jittered(Duration wait) {
    long millis = wait.toMillis();
    return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot wait to retry a conflicting write: interrupted", e);
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse(message);
  }
}

package dev.tidemark;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the steps of a run that are not stages of their own (opening the control tables, the lock,
 * repair, control-table writes) and logs each at debug level: {@code --verbose} shows where a slow
 * run's time went, and {@code scripts/bench} reads the same lines.
 */
public final class StepTimes {
  private static final Logger LOG = LoggerFactory.getLogger(StepTimes.class);

  private StepTimes() {}

  public static <T> T timed(String step, Supplier<T> body) {
    long t0 = System.nanoTime();
    try {
      return body.get();
    } finally {
      LOG.debug("step {} took {} ms", step, (System.nanoTime() - t0) / 1_000_000);
    }
  }

  public static void timed(String step, Runnable body) {
    timed(
        step,
        () -> {
          body.run();
          return null;
        });
  }
}

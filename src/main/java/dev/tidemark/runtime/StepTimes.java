package dev.tidemark.runtime;

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

  /** Also prints every step's time to {@code out}: the benchmark's trace. */
  public static void echoTo(java.io.PrintStream out) {
    JvmWide.STEP_ECHO.set(out);
  }

  public static <T> T timed(String step, Supplier<T> body) {
    long t0 = System.nanoTime();
    try {
      return body.get();
    } finally {
      long millis = (System.nanoTime() - t0) / 1_000_000;
      LOG.debug("step {} took {} ms", step, millis);
      java.io.PrintStream out = JvmWide.STEP_ECHO.get();
      if (out != null) {
        out.println("step " + step + " took " + millis + " ms");
      }
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

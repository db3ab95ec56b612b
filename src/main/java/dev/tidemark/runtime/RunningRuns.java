package dev.tidemark.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs in progress in this JVM, and what a SIGTERM or SIGINT (Airflow, YARN, Kubernetes and
 * Databricks stop a task so; Ctrl-C at a terminal) does to them. The JVM answers a signal by
 * running its shutdown hooks and then exits with 143 (SIGTERM) or 130 (SIGINT). Tidemark's hook
 * runs before Spark's own (it stops the SparkContext): it cancels Spark's jobs and interrupts each
 * run's thread, so the run fails where it is and, seeing {@link #stopping()}, records itself as
 * interrupted, marks what it already published as unverified, keeps its staging table, and releases
 * its lock; the hook waits for that, at most {@link #GRACE}. A run that cannot finish in time (or a
 * {@code kill -9}) is closed by the next run's repair instead, which takes the lock over at once
 * when its process is gone.
 *
 * <p>This map is JVM-wide on purpose: a signal reaches the process, not a pipeline.
 */
public final class RunningRuns {
  private static final Logger LOG = LoggerFactory.getLogger(RunningRuns.class);

  /**
   * How long the hook waits at most for the runs to record themselves; their closing writes take a
   * few seconds. A scheduler that sends SIGKILL sooner (Kubernetes after 30 s by default) leaves
   * the rest to the next run's repair, which is as correct, only later.
   */
  static final Duration GRACE = Duration.ofSeconds(60);

  /** Above Spark's hook (Hadoop's FileSystem priority + 30), which stops the SparkContext. */
  private static final int BEFORE_SPARK = 100;

  private static final Map<String, Thread> RUNS = JvmWide.RUNNING_RUNS;

  private RunningRuns() {}

  /** Registers the calling thread as running {@code runId} until {@link #finished}. */
  public static void started(String runId) {
    hook();
    RUNS.put(runId, Thread.currentThread());
  }

  public static void finished(String runId) {
    synchronized (RUNS) {
      RUNS.remove(runId);
      RUNS.notifyAll();
    }
  }

  public static Set<String> ids() {
    return java.util.Collections.unmodifiableSet(RUNS.keySet());
  }

  /** True once the process was asked to stop: a run failing now was interrupted, not broken. */
  public static boolean stopping() {
    return JvmWide.STOPPING.get();
  }

  private static synchronized void hook() {
    if (JvmWide.STOP_HOOK_ADDED.get()) {
      return;
    }
    ShutdownHookManager.get()
        .addShutdownHook(
            RunningRuns::stopAll, BEFORE_SPARK, GRACE.plusSeconds(5).toSeconds(), TimeUnit.SECONDS);
    JvmWide.STOP_HOOK_ADDED.set(true);
  }

  private static void stopAll() {
    JvmWide.STOPPING.set(true);
    if (RUNS.isEmpty()) {
      return;
    }
    LOG.warn("Stopping: interrupting runs {} (SIGTERM or SIGINT)", RUNS.keySet());
    cancelSparkJobs();
    RUNS.values().forEach(Thread::interrupt);
    long deadline = System.nanoTime() + GRACE.toNanos();
    synchronized (RUNS) {
      while (!RUNS.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warn("Runs {} did not close in {}: the next run repairs them", RUNS.keySet(), GRACE);
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(RUNS, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** A run waiting on a Spark job is not woken by an interrupt alone. */
  private static void cancelSparkJobs() {
    try {
      if (SparkSession.getDefaultSession().isDefined()) {
        SparkSession.getDefaultSession().get().sparkContext().cancelAllJobs();
      }
    } catch (RuntimeException e) {
      LOG.debug("Could not cancel Spark's jobs", e); // stopped already: nothing runs
    }
  }
}

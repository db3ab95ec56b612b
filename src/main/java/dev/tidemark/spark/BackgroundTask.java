package dev.tidemark.spark;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * One piece of work started on a thread of its own, for the caller to collect later: a Delta read
 * beside another (each mostly driver-side planning and log replay, which leaves a core idle), a
 * drift check beside the stage pass. On two cores they overlap instead of adding up.
 *
 * <p>Whatever the caller does meanwhile, it collects the task before it goes on: with {@link
 * #result} on success, with {@link #awaitAfter} when its own work failed, so that no Spark job of
 * the task is still running once the caller has left (released a lock, deleted a folder).
 */
public final class BackgroundTask<T> {
  private final String name;
  private final Future<T> future;

  private BackgroundTask(String name, Future<T> future) {
    this.name = name;
    this.future = future;
  }

  /**
   * Starts {@code work} now. Spark's thread-local properties (job group, tags, description) pass to
   * the new thread as they are at this call.
   *
   * @param name what the task does: its thread's name, and the message of an interrupted wait
   */
  public static <T> BackgroundTask<T> start(String name, Supplier<T> work) {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "tidemark-" + name.replace(' ', '-'));
              t.setDaemon(true);
              return t;
            });
    try {
      return new BackgroundTask<>(name, thread.submit(work::get));
    } finally {
      thread.shutdown(); // the thread ends once the task has
    }
  }

  /** The task's result; its failure rethrown as the task threw it. */
  public T result() {
    return AsThrown.await(future, name);
  }

  /**
   * Waits for the task after the caller's own work failed with {@code error}: the task's failure,
   * if any, is attached to {@code error} as suppressed, for the caller to throw.
   */
  public void awaitAfter(Throwable error) {
    try {
      result();
    } catch (Exception | Error e) { // Spark's checked exceptions come through undeclared
      if (e != error) {
        error.addSuppressed(e);
      }
    }
  }
}

package dev.tidemark.spark;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Spark and Delta throw checked exceptions (an {@code AnalysisException}, a {@code SparkException})
 * without declaring them. Work moved to another thread must fail the way it would have failed on
 * the caller's: with the same exception, not one wrapped around it, so callers that look for a type
 * (a missing table, a file that cannot be read) still find it.
 */
public final class AsThrown {
  private AsThrown() {}

  /**
   * Throws {@code error} as it is, checked or not. Declared to return so that a caller can write
   * {@code throw AsThrown.rethrow(e)} and the compiler sees the branch end.
   */
  public static RuntimeException rethrow(Throwable error) {
    throw AsThrown.<RuntimeException>sneaky(error);
  }

  /**
   * The task's result; when the task failed, its exception rethrown as the task threw it.
   *
   * @param waitingFor what the task does, for the message when the wait is interrupted
   */
  public static <T> T await(Future<T> task, String waitingFor) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      throw interrupted(e, waitingFor);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * Waits for every task, then rethrows the first failure as its task threw it, with the other
   * failures attached as suppressed. Returning at the first failure would leave the other tasks
   * running unseen: still writing into a folder the caller is about to clean up, or holding work
   * the caller's lock was meant to cover, and their errors lost.
   *
   * @param waitingFor what the tasks do, for the message when the wait is interrupted
   */
  public static void awaitAll(List<? extends Future<?>> tasks, String waitingFor) {
    Throwable first = null;
    for (Future<?> task : tasks) {
      try {
        task.get();
      } catch (InterruptedException e) {
        throw interrupted(e, waitingFor);
      } catch (ExecutionException e) {
        first = collect(first, e.getCause());
      }
    }
    if (first != null) {
      throw rethrow(first);
    }
  }

  /** Keeps the thread's interrupt for its caller and says what the wait was for. */
  private static IllegalStateException interrupted(InterruptedException e, String waitingFor) {
    Thread.currentThread().interrupt();
    return new IllegalStateException("Interrupted while waiting for " + waitingFor, e);
  }

  private static Throwable collect(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    if (next != first) {
      first.addSuppressed(next);
    }
    return first;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable error) throws E {
    throw (E) error;
  }
}

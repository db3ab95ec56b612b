package dev.tidemark.control;

import dev.tidemark.runtime.JvmWide;
import java.util.function.Supplier;

/**
 * Lets one run of a pipeline at a time, in this JVM, through its commit stage (interval ledger,
 * watermarks). Runs stage, publish and reconcile side by side; but each moves the watermark from
 * the one it reads at commit, and two runs reading the same watermark at once would each move it as
 * if the other had not run, the last write winning. Commits take milliseconds to seconds, so
 * queueing them costs little. Across processes the pipeline's {@link RunLock} does the same.
 */
public final class CommitQueue {
  private CommitQueue() {}

  public static <T> T through(String controlLocation, String pipeline, Supplier<T> commit) {
    Object gate =
        JvmWide.COMMIT_GATES.computeIfAbsent(controlLocation + "\n" + pipeline, k -> new Object());
    synchronized (gate) {
      return commit.get();
    }
  }
}

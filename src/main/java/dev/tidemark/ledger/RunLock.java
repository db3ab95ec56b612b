package dev.tidemark.ledger;

import dev.tidemark.config.Locations;
import dev.tidemark.config.LockSettings;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * A per-pipeline lock across processes: a file created atomically, holding its owner (pid@host),
 * run id and start time. Delta does not guarantee mutual exclusion between processes on a local
 * filesystem, nor on S3 with its default log store, so two processes must not commit the same
 * pipeline at once. Runs inside one JVM share the process's lock (they rely on Delta's optimistic
 * concurrency instead). Under a local control location the file is local; under s3a:// (or hdfs://)
 * it is created there, with a conditional create (see {@link HadoopLockFile}).
 *
 * <p>While held, the file's modification time is refreshed (a heartbeat, three times per
 * stale-after), so a lock not refreshed for stale-after was left by a dead process and is taken
 * over, however long a live run takes. Times here are the machine's real time, as the filesystem's
 * are, never the injected clock that decides "today".
 */
public final class RunLock implements AutoCloseable {
  private static final Map<String, Held> HELD_BY_THIS_JVM = new HashMap<>();
  private static final Duration POLL = Duration.ofMillis(250);
  private static final ScheduledExecutorService HEARTBEAT =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tidemark-lock-heartbeat");
            t.setDaemon(true);
            return t;
          });

  /** This JVM's hold on a lock file: how many of its runs share it, and its heartbeat. */
  private record Held(int runs, ScheduledFuture<?> heartbeat) {}

  private final LockFile file;

  private RunLock(LockFile file) {
    this.file = file;
  }

  public static RunLock acquire(
      String locksDir, String pipeline, String runId, LockSettings settings, Clock clock) {
    LockFile file =
        Locations.isLocal(locksDir)
            ? new LocalLockFile(locksDir, pipeline)
            // The session's Hadoop settings (S3A endpoint, credentials) reach the lock's store too.
            : new HadoopLockFile(
                locksDir, pipeline, SparkSession.active().sparkContext().hadoopConfiguration());
    long deadline = System.nanoTime() + settings.waitFor().toNanos();
    while (true) {
      // One check-and-create under the JVM's monitor: of two runs starting together here, one
      // creates the file and the other joins it, rather than taking it for another process's.
      synchronized (HELD_BY_THIS_JVM) {
        Held held = HELD_BY_THIS_JVM.get(file.location());
        if (held != null) {
          HELD_BY_THIS_JVM.put(file.location(), new Held(held.runs() + 1, held.heartbeat()));
          return new RunLock(file);
        }
        if (file.tryCreate(owner(runId, clock))) {
          HELD_BY_THIS_JVM.put(
              file.location(), new Held(1, heartbeat(file, settings.staleAfter())));
          return new RunLock(file);
        }
      }
      String holder = file.describe();
      if (presentAndStale(file, settings.staleAfter())
          && removeIfStale(file, settings.staleAfter(), owner(runId, clock))) {
        continue;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new LockHeldException(
            "Cannot run pipeline '"
                + pipeline
                + "': another process holds its lock "
                + file.location()
                + " ("
                + holder
                + ") and did not release it within tidemark.lock.wait = "
                + settings.waitFor()
                + ". Wait for it to finish; a lock not refreshed for "
                + settings.staleAfter()
                + " (tidemark.lock.stale-after) was left by a dead process and is taken over"
                + " automatically");
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LockHeldException(
            "Cannot wait for the lock " + file.location() + ": interrupted");
      }
    }
  }

  @Override
  public void close() {
    synchronized (HELD_BY_THIS_JVM) {
      Held held = HELD_BY_THIS_JVM.get(file.location());
      if (held == null || held.runs() <= 1) {
        HELD_BY_THIS_JVM.remove(file.location());
        if (held != null) {
          held.heartbeat().cancel(false);
        }
        file.deleteQuietly();
      } else {
        HELD_BY_THIS_JVM.put(file.location(), new Held(held.runs() - 1, held.heartbeat()));
      }
    }
  }

  private static ScheduledFuture<?> heartbeat(LockFile file, Duration staleAfter) {
    long period = Math.max(50, staleAfter.toMillis() / 3);
    return HEARTBEAT.scheduleAtFixedRate(file::touch, period, period, TimeUnit.MILLISECONDS);
  }

  private static String owner(String runId, Clock clock) {
    return "owner="
        + ManagementFactory.getRuntimeMXBean().getName()
        + "\nrun_id="
        + runId
        + "\nstarted_at="
        + clock.instant()
        + "\n";
  }

  /**
   * Deletes a lock left by a dead process, when it is still there and still stale. Two processes
   * that both found it stale must not both delete it: the second would delete the lock the first
   * had just created in its place, and both would run. So only the holder of the takeover guard
   * deletes, after looking at the lock again; the other tries again after it, and finds the new
   * holder's lock fresh. True when this call deleted it.
   *
   * <p>The guard is held for a few file operations. One left by a process that died in between is
   * removed once it is stale itself; two processes that do that at the same moment can still race
   * each other, which needs a death inside those few operations first.
   */
  static boolean removeIfStale(LockFile lock, Duration staleAfter, String owner) {
    LockFile guard = lock.takeoverGuard();
    if (!guard.tryCreate(owner)) {
      if (presentAndStale(guard, staleAfter)) {
        guard.deleteQuietly();
      }
      return false;
    }
    try {
      if (!presentAndStale(lock, staleAfter)) {
        return false;
      }
      lock.deleteQuietly();
      return true;
    } finally {
      guard.deleteQuietly();
    }
  }

  /** Stale, and there: a lock already gone may be another process's new one a moment later. */
  private static boolean presentAndStale(LockFile file, Duration staleAfter) {
    return file.refreshedAt()
        .map(refreshed -> refreshed.plus(staleAfter).isBefore(Instant.now()))
        .orElse(false);
  }
}

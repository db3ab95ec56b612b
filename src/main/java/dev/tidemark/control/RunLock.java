package dev.tidemark.control;

import dev.tidemark.config.Locations;
import dev.tidemark.config.LockSettings;
import dev.tidemark.runtime.JvmWide;
import dev.tidemark.runtime.JvmWide.HeldLock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * A per-pipeline lock across processes: a file created atomically, holding its owner (see {@link
 * LockOwner}). Delta does not guarantee mutual exclusion between processes on a local filesystem,
 * nor on S3 with its default log store, so two processes must not commit the same pipeline at once.
 * Runs inside one JVM share the process's lock (they rely on Delta's optimistic concurrency
 * instead). Under a local control location the file is local; under s3a:// (or hdfs://) it is
 * created there, with a conditional create (see {@link HadoopLockFile}).
 *
 * <p>A dead holder never blocks the next run for long. On this host (and pid namespace) a holder
 * whose process is gone, by its id and start time, is taken over at once: {@code kill -9}, an OOM
 * kill, a lost container. Elsewhere the holder's heartbeat tells: while held, the file is refreshed
 * four times per stale-after, so a lock not refreshed for stale-after (2 minutes by default) was
 * left by a dead process and is taken over, however long a live run takes. Times here are the
 * machine's real time, as the filesystem's are, never the injected clock that decides "today".
 */
public final class RunLock implements AutoCloseable {
  /** This JVM's holds, by lock file (see {@link JvmWide#HELD_LOCKS}). */
  private static final Map<String, HeldLock> HELD = JvmWide.HELD_LOCKS;

  private static final Duration POLL = Duration.ofMillis(250);
  private static final int HEARTBEATS_PER_STALE_AFTER = 4;
  private static final ScheduledExecutorService HEARTBEAT =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tidemark-lock-heartbeat");
            t.setDaemon(true);
            return t;
          });

  /** This JVM's hold on a lock file: how many of its runs share it, its owner and heartbeat. */
  private final LockFile file;

  private RunLock(LockFile file) {
    this.file = file;
  }

  public static RunLock acquire(
      String locksDir, String pipeline, String runId, LockSettings settings) {
    // The session's Hadoop settings (S3A endpoint, credentials) reach the lock's store too.
    return acquire(
        locksDir,
        pipeline,
        runId,
        settings,
        () -> SparkSession.active().sparkContext().hadoopConfiguration());
  }

  /** As above, with the lock's store reached with these Hadoop settings (a run without Spark). */
  public static RunLock acquire(
      String locksDir,
      String pipeline,
      String runId,
      LockSettings settings,
      Supplier<Configuration> hadoop) {
    LockFile file =
        Locations.isLocal(locksDir)
            ? new LocalLockFile(locksDir, pipeline)
            : new HadoopLockFile(locksDir, pipeline, hadoop.get());
    String owner = LockOwner.current(runId, Instant.now()).render();
    long deadline = System.nanoTime() + settings.waitFor().toNanos();
    while (true) {
      // One check-and-create under the JVM's monitor: of two runs starting together here, one
      // creates the file and the other joins it, rather than taking it for another process's.
      synchronized (HELD) {
        HeldLock held = HELD.get(file.location());
        if (held != null) {
          HELD.put(file.location(), new HeldLock(held.runs() + 1, held.owner(), held.heartbeat()));
          return new RunLock(file);
        }
        if (file.tryCreate(owner)) {
          HELD.put(
              file.location(),
              new HeldLock(1, owner, heartbeat(file, owner, settings.staleAfter())));
          return new RunLock(file);
        }
      }
      Optional<String> holder = file.read();
      if (holder.isPresent() && removeIfAbandoned(file, settings.staleAfter(), owner)) {
        continue;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new LockHeldException(
            heldMessage(pipeline, file, holder.map(LockOwner::parse), settings));
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

  /**
   * Whether this JVM still holds the lock: the file is there and names this JVM's owner. A run
   * checks it before each write that must not happen twice (its MERGE, its commit): a process that
   * stalled longer than stale-after may have been taken over, and must then stop rather than write
   * beside the new holder.
   */
  public void checkHeld() {
    String owner;
    synchronized (HELD) {
      HeldLock held = HELD.get(file.location());
      owner = held == null ? null : held.owner();
    }
    Optional<String> now = file.read();
    if (owner == null || now.isEmpty() || !now.get().equals(owner)) {
      throw new LockHeldException(
          "This run no longer holds its lock "
              + file.location()
              + (now.isEmpty()
                  ? " (the file is gone)"
                  : " (now held by " + LockOwner.parse(now.get()).describe() + ")")
              + ": the process stalled longer than tidemark.lock.stale-after, or the file was"
              + " deleted by hand. It stops here, before its next write; run it again once the"
              + " other run has finished");
    }
  }

  @Override
  public void close() {
    synchronized (HELD) {
      HeldLock held = HELD.get(file.location());
      if (held == null || held.runs() <= 1) {
        HELD.remove(file.location());
        if (held != null) {
          held.heartbeat().cancel(false);
          // Only our own file: one taken over after a stall is the new holder's.
          if (file.read().filter(held.owner()::equals).isPresent()) {
            file.deleteQuietly();
          }
        }
      } else {
        HELD.put(file.location(), new HeldLock(held.runs() - 1, held.owner(), held.heartbeat()));
      }
    }
  }

  private static ScheduledFuture<?> heartbeat(LockFile file, String owner, Duration staleAfter) {
    long period = Math.max(50, staleAfter.toMillis() / HEARTBEATS_PER_STALE_AFTER);
    return HEARTBEAT.scheduleAtFixedRate(
        () -> file.touch(owner), period, period, TimeUnit.MILLISECONDS);
  }

  private static String heldMessage(
      String pipeline, LockFile file, Optional<LockOwner> holder, LockSettings settings) {
    Instant now = Instant.now();
    String who =
        holder
            .map(
                h ->
                    h.describe()
                        + h.startedAt()
                            .map(s -> ", started " + ago(Duration.between(s, now)))
                            .orElse(""))
            .orElse("a run whose owner could not be read");
    String heartbeat =
        file.refreshedAt().map(r -> ", last heartbeat " + ago(Duration.between(r, now))).orElse("");
    return "Cannot run pipeline '"
        + pipeline
        + "': "
        + who
        + heartbeat
        + " holds its lock "
        + file.location()
        + " and did not release it within tidemark.lock.wait = "
        + settings.waitFor()
        + ". That run is alive: wait for it to finish, or stop it (a stopped run releases the"
        + " lock). A holder whose process is gone on its host is taken over at once, one on"
        + " another host once its heartbeat is "
        + settings.staleAfter()
        + " old (tidemark.lock.stale-after); to queue behind a live run instead of failing, set"
        + " tidemark.lock.wait";
  }

  private static String ago(Duration age) {
    long s = Math.max(0, age.toSeconds());
    return s < 120 ? s + " s ago" : s < 7200 ? (s / 60) + " min ago" : (s / 3600) + " h ago";
  }

  /**
   * Deletes a lock left by a dead process, when it is still there and still abandoned. Two
   * processes that both found it abandoned must not both delete it: the second would delete the
   * lock the first had just created in its place, and both would run. So only the holder of the
   * takeover guard deletes, after looking at the lock again; the other tries again after it, and
   * finds the new holder's lock alive. True when this call deleted it.
   *
   * <p>The guard is held for a few file operations. One left by a process that died in between is
   * removed as any abandoned lock is; two processes that do that at the same moment can still race
   * each other, which needs a death inside those few operations first.
   */
  static boolean removeIfAbandoned(LockFile lock, Duration staleAfter, String owner) {
    if (!abandoned(lock, staleAfter)) {
      return false;
    }
    LockFile guard = lock.takeoverGuard();
    if (!guard.tryCreate(owner)) {
      if (abandoned(guard, staleAfter)) {
        guard.deleteQuietly();
      }
      return false;
    }
    try {
      if (!abandoned(lock, staleAfter)) {
        return false;
      }
      lock.deleteQuietly();
      return true;
    } finally {
      guard.deleteQuietly();
    }
  }

  /**
   * Abandoned, and there (a lock already gone may be another process's new one a moment later): its
   * holder's process is provably gone, or it was not refreshed for stale-after and its holder is
   * not seen running on this host.
   */
  private static boolean abandoned(LockFile file, Duration staleAfter) {
    Optional<Instant> refreshed = file.refreshedAt();
    if (refreshed.isEmpty()) {
      return false;
    }
    Optional<LockOwner> holder = file.read().map(LockOwner::parse);
    if (holder.map(LockOwner::provablyGone).orElse(false)) {
      return true;
    }
    return refreshed.get().plus(staleAfter).isBefore(Instant.now())
        && !holder.map(LockOwner::provablyAlive).orElse(false);
  }
}

package dev.tidemark.ledger;

import dev.tidemark.config.Locations;
import dev.tidemark.config.LockSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A per-pipeline lock across processes: a file created atomically, holding its owner (pid@host),
 * run id and start time. Delta does not guarantee mutual exclusion between processes on a local
 * filesystem, so two processes must not commit the same pipeline at once. Runs inside one JVM share
 * the process's lock (they rely on Delta's optimistic concurrency instead).
 *
 * <p>While held, the file's modification time is refreshed (a heartbeat, three times per
 * stale-after), so a lock not refreshed for stale-after was left by a dead process and is taken
 * over, however long a live run takes. Times here are the machine's real time, as the filesystem's
 * are, never the injected clock that decides "today".
 */
public final class RunLock implements AutoCloseable {
  private static final Map<Path, Held> HELD_BY_THIS_JVM = new HashMap<>();
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

  private final Path file;

  private RunLock(Path file) {
    this.file = file;
  }

  public static RunLock acquire(
      String locksDir, String pipeline, String runId, LockSettings settings, Clock clock) {
    if (!Locations.isLocal(locksDir)) {
      // Remote stores: Delta's own log store decides (DynamoDB log store for several writers).
      return new RunLock(null);
    }
    Path dir = localPath(locksDir);
    Path file = dir.resolve(pipeline + ".lock");
    long deadline = System.nanoTime() + settings.waitFor().toNanos();
    while (true) {
      // One check-and-create under the JVM's monitor: of two runs starting together here, one
      // creates the file and the other joins it, rather than taking it for another process's.
      synchronized (HELD_BY_THIS_JVM) {
        Held held = HELD_BY_THIS_JVM.get(file);
        if (held != null) {
          HELD_BY_THIS_JVM.put(file, new Held(held.runs() + 1, held.heartbeat()));
          return new RunLock(file);
        }
        if (tryCreate(dir, file, runId, clock)) {
          HELD_BY_THIS_JVM.put(file, new Held(1, heartbeat(file, settings.staleAfter())));
          return new RunLock(file);
        }
      }
      String holder = describe(file);
      if (isStale(file, settings.staleAfter())) {
        deleteQuietly(file);
        continue;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new LockHeldException(
            "Cannot run pipeline '"
                + pipeline
                + "': another process holds its lock "
                + file
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
        throw new LockHeldException("Cannot wait for the lock " + file + ": interrupted");
      }
    }
  }

  @Override
  public void close() {
    if (file == null) {
      return;
    }
    synchronized (HELD_BY_THIS_JVM) {
      Held held = HELD_BY_THIS_JVM.get(file);
      if (held == null || held.runs() <= 1) {
        HELD_BY_THIS_JVM.remove(file);
        if (held != null) {
          held.heartbeat().cancel(false);
        }
        deleteQuietly(file);
      } else {
        HELD_BY_THIS_JVM.put(file, new Held(held.runs() - 1, held.heartbeat()));
      }
    }
  }

  private static ScheduledFuture<?> heartbeat(Path file, Duration staleAfter) {
    long period = Math.max(50, staleAfter.toMillis() / 3);
    return HEARTBEAT.scheduleAtFixedRate(
        () -> {
          try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
          } catch (IOException e) {
            // Gone (deleted by hand, or released): the next acquirer decides; nothing to refresh.
          }
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
  }

  private static boolean tryCreate(Path dir, Path file, String runId, Clock clock) {
    try {
      Files.createDirectories(dir);
      String owner =
          "owner="
              + ManagementFactory.getRuntimeMXBean().getName()
              + "\nrun_id="
              + runId
              + "\nstarted_at="
              + clock.instant()
              + "\n";
      // CREATE_NEW is atomic: exactly one process succeeds.
      Files.writeString(
          file, owner, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create lock file " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean isStale(Path file, Duration staleAfter) {
    try {
      Instant refreshed = Files.getLastModifiedTime(file).toInstant();
      return refreshed.plus(staleAfter).isBefore(Instant.now());
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String describe(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim().replace('\n', ',');
    } catch (IOException e) {
      return "owner unknown";
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The next acquirer sees it and reports it; nothing to lose here.
    }
  }

  private static Path localPath(String location) {
    return location.startsWith("file:") ? Paths.get(URI.create(location)) : Paths.get(location);
  }
}

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-pipeline lock across processes: a file created atomically, holding its owner and start
 * time. Delta does not guarantee mutual exclusion between processes on a local filesystem, so two
 * processes must not commit the same pipeline at once. Runs inside one JVM share the process's lock
 * (they rely on Delta's optimistic concurrency instead). A lock older than the configured stale
 * time was left by a dead process and is taken over.
 */
public final class RunLock implements AutoCloseable {
  private static final Map<Path, Integer> HELD_BY_THIS_JVM = new ConcurrentHashMap<>();
  private static final Duration POLL = Duration.ofMillis(250);

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
    Instant deadline = clock.instant().plus(settings.waitFor());
    while (true) {
      // One check-and-create under the JVM's monitor: of two runs starting together here, one
      // creates the file and the other joins it, rather than taking it for another process's.
      synchronized (HELD_BY_THIS_JVM) {
        Integer held = HELD_BY_THIS_JVM.get(file);
        if (held != null || tryCreate(dir, file, runId, clock)) {
          HELD_BY_THIS_JVM.put(file, held == null ? 1 : held + 1);
          return new RunLock(file);
        }
      }
      String holder = describe(file);
      if (isStale(file, settings.staleAfter(), clock)) {
        deleteQuietly(file);
        continue;
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new LockHeldException(
            "Cannot run pipeline '"
                + pipeline
                + "': another process holds its lock "
                + file
                + " ("
                + holder
                + "). Wait for it to finish; a lock older than "
                + settings.staleAfter()
                + " is taken over automatically, or delete the file if that process is gone");
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
      int held = HELD_BY_THIS_JVM.getOrDefault(file, 0);
      if (held <= 1) {
        HELD_BY_THIS_JVM.remove(file);
        deleteQuietly(file);
      } else {
        HELD_BY_THIS_JVM.put(file, held - 1);
      }
    }
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

  private static boolean isStale(Path file, Duration staleAfter, Clock clock) {
    try {
      Instant modified = Files.getLastModifiedTime(file).toInstant();
      return modified.plus(staleAfter).isBefore(clock.instant());
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

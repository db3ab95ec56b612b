package dev.tidemark.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.config.LockSettings;
import dev.tidemark.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-pipeline lock between processes. */
@SuppressWarnings("try") // locks are held for their blocks, never read
class RunLockTest {
  private static final LockSettings NO_WAIT = new LockSettings(Duration.ZERO, Duration.ofHours(6));

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 1));

  @Test
  void aLockHeldByAnotherProcessStopsTheRunAndNamesTheHolder() throws Exception {
    Path lock = dir.resolve("orders.lock");
    Files.writeString(
        lock, "owner=4242@otherhost\nrun_id=r-other\nstarted_at=2026-01-01T11:00:00Z\n");
    // Refreshed just now, as a live holder's heartbeat does.
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now()));

    assertThatThrownBy(() -> RunLock.acquire(dir.toString(), "orders", "r-me", NO_WAIT, clock))
        .isInstanceOf(LockHeldException.class)
        .hasMessageContainingAll(
            "Cannot run pipeline 'orders'", "4242@otherhost", "r-other", lock.toString());
    assertThat(Files.readString(lock)).contains("r-other");
  }

  @Test
  void aStaleLockIsTakenOverAndReleasedAfterTheRun() throws Exception {
    Path lock = dir.resolve("orders.lock");
    Files.writeString(lock, "owner=dead\n");
    Files.setLastModifiedTime(lock, FileTime.from(Instant.parse("2025-12-01T00:00:00Z")));

    try (RunLock held = RunLock.acquire(dir.toString(), "orders", "r-me", NO_WAIT, clock)) {
      assertThat(Files.readString(lock)).contains("run_id=r-me");
    }
    assertThat(lock).doesNotExist();
  }

  /**
   * Processes that find the same dead lock at once: each deletes it if stale and tries to create
   * its own, as {@link RunLock#acquire} does, and nobody releases. Exactly one may end up holding
   * it, round after round. Deleting on sight (without the takeover guard) let a slower process
   * delete the lock a faster one had just created, and both held it.
   */
  @Test
  void ofProcessesTakingOverTheSameDeadLockExactlyOneHoldsIt() throws Exception {
    Duration staleAfter = Duration.ofHours(6);
    int processes = 6;
    for (int round = 0; round < 40; round++) {
      Path lock = dir.resolve("round-" + round + ".lock");
      Files.writeString(lock, "owner=dead\n");
      Files.setLastModifiedTime(lock, FileTime.from(Instant.parse("2025-12-01T00:00:00Z")));
      LockFile file = new LocalLockFile(dir.toString(), "round-" + round);
      CyclicBarrier start = new CyclicBarrier(processes);
      ExecutorService pool = Executors.newFixedThreadPool(processes);
      List<Future<Boolean>> holds = new ArrayList<>();
      for (int p = 0; p < processes; p++) {
        String owner = "owner=p" + p + "\n";
        holds.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int attempt = 0; attempt < 50; attempt++) {
                    if (file.tryCreate(owner)) {
                      return true;
                    }
                    Optional<Instant> refreshed = file.refreshedAt();
                    if (refreshed.isEmpty()
                        || refreshed.get().plus(staleAfter).isBefore(Instant.now())) {
                      RunLock.removeIfStale(file, staleAfter, owner);
                    }
                  }
                  return false;
                }));
      }
      int holders = 0;
      for (Future<Boolean> hold : holds) {
        holders += hold.get() ? 1 : 0;
      }
      pool.shutdown();
      assertThat(holders).as("holders in round %d", round).isEqualTo(1);
      assertThat(Files.readString(lock)).startsWith("owner=p");
      assertThat(dir.resolve("round-" + round + ".lock.takeover")).doesNotExist();
    }
  }

  @Test
  void runsInOneJvmShareTheLockAndTheLastOneReleasesIt() throws Exception {
    Path lock = dir.resolve("orders.lock");
    RunLock first = RunLock.acquire(dir.toString(), "orders", "r-1", NO_WAIT, clock);
    RunLock second = RunLock.acquire(dir.toString(), "orders", "r-2", NO_WAIT, clock);
    second.close();
    assertThat(lock).exists();
    first.close();
    assertThat(lock).doesNotExist();
    // Another pipeline has its own lock.
    try (RunLock other = RunLock.acquire(dir.toString(), "customers", "r-3", NO_WAIT, clock)) {
      assertThat(dir.resolve("customers.lock")).exists();
    }
  }
}

package dev.tidemark.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.tidemark.config.LockSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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
  /** What a user gets: reference.conf's tidemark.lock. */
  private static final LockSettings DEFAULTS = defaults();

  @TempDir Path dir;

  @Test
  void aLockHeldByAnotherProcessStopsTheRunAndNamesTheHolder() throws Exception {
    Path lock = dir.resolve("orders.lock");
    Files.writeString(
        lock, "owner=4242@otherhost\nrun_id=r-other\nstarted_at=2026-01-01T11:00:00Z\n");
    // Refreshed just now, as a live holder's heartbeat does.
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now()));

    assertThatThrownBy(() -> RunLock.acquire(dir.toString(), "orders", "r-me", DEFAULTS))
        .isInstanceOf(LockHeldException.class)
        .hasMessageContainingAll(
            "Cannot run pipeline 'orders'",
            "run r-other, process 4242 on host otherhost",
            "last heartbeat",
            lock.toString(),
            "wait for it to finish, or stop it");
    assertThat(Files.readString(lock)).contains("r-other");
  }

  /** kill -9, an OOM kill: the holder's process on this host is gone, its heartbeat still fresh. */
  @Test
  void aLockWhoseProcessOnThisHostIsGoneIsTakenOverAtOnce() throws Exception {
    Process dead = new ProcessBuilder("sleep", "60").start();
    Instant started = dead.info().startInstant().orElseThrow();
    dead.destroyForcibly().waitFor();
    Path lock = dir.resolve("orders.lock");
    Files.writeString(lock, ownerOnThisHost(dead.pid(), started, "r-dead"));

    try (RunLock held = RunLock.acquire(dir.toString(), "orders", "r-me", DEFAULTS)) {
      assertThat(Files.readString(lock)).contains("run_id=r-me");
    }
    assertThat(lock).doesNotExist();
  }

  /** The process id was given again to another program: its start time tells them apart. */
  @Test
  void aLockWhoseProcessIdNowBelongsToAnotherProcessIsTakenOver() throws Exception {
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      Instant started = other.info().startInstant().orElseThrow();
      Path lock = dir.resolve("orders.lock");
      Files.writeString(
          lock, ownerOnThisHost(other.pid(), started.minus(Duration.ofHours(1)), "r-dead"));

      try (RunLock held = RunLock.acquire(dir.toString(), "orders", "r-me", DEFAULTS)) {
        assertThat(Files.readString(lock)).contains("run_id=r-me");
      }
    } finally {
      other.destroyForcibly().waitFor();
    }
  }

  /** A holder seen running on this host is never taken over, even with a late heartbeat. */
  @Test
  void aLiveHolderOnThisHostIsNeverTakenOverAndTheMessageSaysWhoAndHowOld() throws Exception {
    Process alive = new ProcessBuilder("sleep", "60").start();
    try {
      Instant started = alive.info().startInstant().orElseThrow();
      Path lock = dir.resolve("orders.lock");
      Files.writeString(lock, ownerOnThisHost(alive.pid(), started, "r-alive"));
      Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

      assertThatThrownBy(() -> RunLock.acquire(dir.toString(), "orders", "r-me", DEFAULTS))
          .isInstanceOf(LockHeldException.class)
          .hasMessageContainingAll(
              "run r-alive, process " + alive.pid() + " on host " + thisHost(),
              "started 3 min ago",
              "last heartbeat 5 min ago",
              "tidemark.lock.wait = PT0S");
      assertThat(Files.readString(lock)).contains("run_id=r-alive");
    } finally {
      alive.destroyForcibly().waitFor();
    }
  }

  /** On another host only the heartbeat tells: stale after tidemark.lock.stale-after (2m). */
  @Test
  void aLockFromAnotherHostIsTakenOverOnceItsHeartbeatIsStaleAfterOld() throws Exception {
    Path lock = dir.resolve("orders.lock");
    Files.writeString(
        lock,
        "owner=4242@driver-7\npid=4242\nhost=driver-7\nprocess_started=2026-01-01T10:00:00Z\n"
            + "run_id=r-other\n");
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofSeconds(90))));
    assertThatThrownBy(() -> RunLock.acquire(dir.toString(), "orders", "r-me", DEFAULTS))
        .isInstanceOf(LockHeldException.class)
        .hasMessageContaining("last heartbeat 90 s ago");

    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofSeconds(150))));
    try (RunLock held = RunLock.acquire(dir.toString(), "orders", "r-me", DEFAULTS)) {
      assertThat(Files.readString(lock)).contains("run_id=r-me");
    }
  }

  /** The heartbeat: a held lock is refreshed several times per stale-after (here 2 s). */
  @Test
  void aHeldLockIsRefreshedSeveralTimesPerStaleAfter() throws Exception {
    Path lock = dir.resolve("orders.lock");
    LockSettings shortStale = new LockSettings(Duration.ZERO, Duration.ofSeconds(2));
    try (RunLock held = RunLock.acquire(dir.toString(), "orders", "r-me", shortStale)) {
      Instant old = Instant.now().minus(Duration.ofMinutes(10));
      Files.setLastModifiedTime(lock, FileTime.from(old));
      Thread.sleep(1_200); // more than one heartbeat period (stale-after / 4)
      assertThat(Files.getLastModifiedTime(lock).toInstant())
          .isAfter(Instant.now().minus(Duration.ofSeconds(2)));
    }
  }

  /** A holder that stalled and was taken over stops before its next write, and deletes nothing. */
  @Test
  void aRunWhoseLockWasTakenOverStopsBeforeWritingAndLeavesTheNewHoldersLock() throws Exception {
    Path lock = dir.resolve("orders.lock");
    RunLock held = RunLock.acquire(dir.toString(), "orders", "r-me", DEFAULTS);
    held.checkHeld();
    Files.writeString(lock, "owner=4242@driver-7\nrun_id=r-new\n");

    assertThatThrownBy(held::checkHeld)
        .isInstanceOf(LockHeldException.class)
        .hasMessageContainingAll(
            "no longer holds its lock", "now held by run r-new, process 4242 on host driver-7");
    held.close();
    assertThat(Files.readString(lock)).contains("r-new");
  }

  @Test
  void aStaleLockIsTakenOverAndReleasedAfterTheRun() throws Exception {
    Path lock = dir.resolve("orders.lock");
    Files.writeString(lock, "owner=dead\n");
    Files.setLastModifiedTime(lock, FileTime.from(Instant.parse("2025-12-01T00:00:00Z")));

    try (RunLock held = RunLock.acquire(dir.toString(), "orders", "r-me", DEFAULTS)) {
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
    Duration staleAfter = DEFAULTS.staleAfter();
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
                      RunLock.removeIfAbandoned(file, staleAfter, owner);
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
    RunLock first = RunLock.acquire(dir.toString(), "orders", "r-1", DEFAULTS);
    RunLock second = RunLock.acquire(dir.toString(), "orders", "r-2", DEFAULTS);
    second.close();
    assertThat(lock).exists();
    first.close();
    assertThat(lock).doesNotExist();
    // Another pipeline has its own lock.
    try (RunLock other = RunLock.acquire(dir.toString(), "customers", "r-3", DEFAULTS)) {
      assertThat(dir.resolve("customers.lock")).exists();
    }
  }

  private static LockSettings defaults() {
    Config reference = ConfigFactory.parseResources("reference.conf").resolve();
    return new LockSettings(
        reference.getDuration("tidemark.lock.wait"),
        reference.getDuration("tidemark.lock.stale-after"));
  }

  /** A lock file as a run of a process on this host writes it, started 3 minutes ago. */
  private static String ownerOnThisHost(long pid, Instant processStarted, String runId) {
    LockOwner self = LockOwner.current("x", Instant.now());
    return new LockOwner(
            pid,
            self.host(),
            Optional.of(processStarted),
            self.pidNamespace(),
            runId,
            Optional.of(Instant.now().minus(Duration.ofMinutes(3))))
        .render();
  }

  private static String thisHost() {
    return LockOwner.current("x", Instant.now()).host();
  }
}

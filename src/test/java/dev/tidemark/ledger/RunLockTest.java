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

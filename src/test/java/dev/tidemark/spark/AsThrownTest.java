package dev.tidemark.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UndeclaredTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void awaitAllReturnsOnlyAfterEveryTaskEndedEvenWhenTheFirstFailedAtOnce() {
    CountDownLatch firstFailed = new CountDownLatch(1);
    AtomicBoolean slowTaskEnded = new AtomicBoolean();
    List<Future<?>> tasks =
        List.of(
            pool.submit(
                () -> {
                  firstFailed.countDown();
                  throw new IllegalArgumentException("table runs cannot be created");
                }),
            pool.submit(
                () -> {
                  firstFailed.await(10, TimeUnit.SECONDS);
                  Thread.sleep(300);
                  slowTaskEnded.set(true);
                  return null;
                }));

    assertThatThrownBy(() -> AsThrown.awaitAll(tasks, "the tables"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table runs cannot be created");
    assertThat(slowTaskEnded).isTrue();
  }

  @Test
  void awaitAllRethrowsTheFirstCheckedFailureAsItWasThrownWithTheOthersSuppressed() {
    List<Future<?>> tasks =
        List.of(
            pool.submit(
                () -> {
                  throw new IOException("runs: permission denied");
                }),
            pool.submit(() -> "fine"),
            pool.submit(
                () -> {
                  throw new IllegalStateException("watermarks: conflict");
                }));

    assertThatThrownBy(() -> AsThrown.awaitAll(tasks, "the tables"))
        .isInstanceOf(IOException.class)
        .hasMessage("runs: permission denied")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .isInstanceOf(IllegalStateException.class)
                    .hasFieldOrPropertyWithValue("message", "watermarks: conflict"));
  }

  @Test
  void awaitAllReturnsQuietlyWhenEveryTaskSucceeded() {
    AtomicBoolean ran = new AtomicBoolean();
    List<Future<?>> tasks = List.of(pool.submit(() -> ran.set(true)), pool.submit(() -> 1));

    AsThrown.awaitAll(tasks, "the tables");

    assertThat(ran).isTrue();
  }
}

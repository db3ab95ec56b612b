package dev.tidemark.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SideTaskTest {
  @Test
  void runsBesideTheCallerAndGivesItsResult() {
    CountDownLatch callerReached = new CountDownLatch(1);
    AtomicReference<String> thread = new AtomicReference<>();
    BackgroundTask<String> task =
        BackgroundTask.start(
            "read watermarks",
            () -> {
              thread.set(Thread.currentThread().getName());
              // Ends only once the caller got past start: the two really overlap.
              return awaited(callerReached) ? "2026-01-04" : "caller never went on";
            });
    callerReached.countDown();

    assertThat(task.result()).isEqualTo("2026-01-04");
    assertThat(thread.get()).isEqualTo("tidemark-read-watermarks");
  }

  @Test
  void rethrowsTheTasksCheckedFailureAsItWasThrown() {
    BackgroundTask<String> task =
        BackgroundTask.start(
            "read watermarks",
            () -> {
              throw AsThrown.rethrow(new IOException("watermarks: permission denied"));
            });

    assertThatThrownBy(task::result)
        .isInstanceOf(IOException.class)
        .hasMessage("watermarks: permission denied");
  }

  @Test
  void afterTheCallerFailedWaitsForTheTaskAndAttachesItsFailure() {
    AtomicBoolean taskEnded = new AtomicBoolean();
    BackgroundTask<String> task =
        BackgroundTask.start(
            "read watermarks",
            () -> {
              sleep(300);
              taskEnded.set(true);
              throw new IllegalStateException("watermarks: conflict");
            });
    IllegalArgumentException callerError = new IllegalArgumentException("repair failed");

    task.awaitAfter(callerError);

    assertThat(taskEnded).isTrue();
    assertThat(callerError.getSuppressed())
        .singleElement()
        .isInstanceOf(IllegalStateException.class)
        .hasFieldOrPropertyWithValue("message", "watermarks: conflict");
  }

  @Test
  void afterTheCallerFailedAddsNothingWhenTheTaskSucceeded() {
    BackgroundTask<String> task = BackgroundTask.start("read watermarks", () -> "2026-01-04");
    IllegalArgumentException callerError = new IllegalArgumentException("repair failed");

    task.awaitAfter(callerError);

    assertThat(callerError.getSuppressed()).isEmpty();
  }

  private static boolean awaited(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.tidemark.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.config.ConflictSettings;
import dev.tidemark.config.InvalidConfigException;
import dev.tidemark.testing.Workspace;
import io.delta.exceptions.ConcurrentAppendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that lose a race to another commit are retried a bounded number of times, and nothing else
 * is retried. The conflicts are Delta's own exception type, as Delta throws them on commit
 * (ConcurrentRunsTest shows real ones being retried).
 */
class ConflictRetryTest {
  private static final ConflictSettings THREE =
      new ConflictSettings(3, Duration.ofMillis(1), Duration.ofMillis(4));

  @TempDir Path dir;

  @Test
  void aConflictIsRetriedUntilTheWriteGoesThrough() {
    AtomicInteger attempts = new AtomicInteger();
    String result =
        new ConflictRetry(THREE)
            .call(
                "write",
                () -> {
                  if (attempts.incrementAndGet() < 3) {
                    throw conflict();
                  }
                  return "written";
                });
    assertThat(result).isEqualTo("written");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void retriesAreBoundedAndTheFailureSaysWhatToDo() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                new ConflictRetry(THREE)
                    .run(
                        "publish run r-1 to /t",
                        () -> {
                          attempts.incrementAndGet();
                          // Spark wraps some errors of a write: the conflict is found as a cause.
                          throw new RuntimeException("job aborted", conflict());
                        }))
        .hasMessageContainingAll(
            "Cannot publish run r-1 to /t: another commit won the race 3 times in a row",
            "ConcurrentAppendException",
            "tidemark.conflicts.attempts")
        .hasRootCauseInstanceOf(ConcurrentAppendException.class);
    assertThat(attempts).hasValue(3);
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                new ConflictRetry(THREE)
                    .run(
                        "write",
                        () -> {
                          attempts.incrementAndGet();
                          throw new IllegalStateException("disk full");
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk full");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void theSettingsComeFromTidemarkConflictsAndAreValidated() throws Exception {
    Workspace ws = Workspace.create(dir, false);
    Path profile = ws.conf.resolve("test.conf");
    Files.writeString(
        profile,
        "tidemark.conflicts { attempts = 7, backoff = 50ms }\n",
        StandardOpenOption.APPEND);
    assertThat(ws.config().settings().conflicts())
        .isEqualTo(new ConflictSettings(7, Duration.ofMillis(50), Duration.ofSeconds(5)));

    Files.writeString(
        profile, "tidemark.conflicts.max-backoff = 10ms\n", StandardOpenOption.APPEND);
    assertThatThrownBy(ws::config)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll(
            "Cannot use tidemark.conflicts.max-backoff = PT0.01S", "test.conf", "at least");

    Files.writeString(profile, "tidemark.conflicts.attempts = 0\n", StandardOpenOption.APPEND);
    assertThatThrownBy(ws::config)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("tidemark.conflicts.attempts = 0");
  }

  private static ConcurrentAppendException conflict() {
    return new ConcurrentAppendException("Files were added to the table by a concurrent update");
  }
}

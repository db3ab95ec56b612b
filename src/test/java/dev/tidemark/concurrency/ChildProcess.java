package dev.tidemark.concurrency;

import dev.tidemark.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link BlockedRun} in its own JVM, on this test JVM's classpath and Spark flags. */
final class ChildProcess {
  final Process process;
  final Path marker;
  final Path log;

  private ChildProcess(Process process, Path marker, Path log) {
    this.process = process;
    this.marker = marker;
    this.log = log;
  }

  static ChildProcess start(Path confDir, String from, String to, String point, Path workDir)
      throws IOException {
    Path marker = workDir.resolve("blocked-" + point);
    Path log = workDir.resolve("child-" + point + ".log");
    List<String> command = ChildJvm.command(BlockedRun.class);
    command.addAll(List.of(confDir.toString(), "test", from, to, point, marker.toString()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ChildProcess(process, marker, log);
  }

  /** The child's run id, once it is blocked at its stage boundary. */
  String awaitBlocked() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (!Files.exists(marker)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "The child run exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The child run never got blocked:\n" + Files.readString(log));
      }
      // Polls a file another process writes: there is no event to wait on across processes.
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    return Files.readString(marker).trim();
  }

  /** kill -9: the JVM gets no chance to run shutdown hooks, release its lock or close its run. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }
}

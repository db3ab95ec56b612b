package dev.tidemark.concurrency;

import dev.tidemark.runtime.StageHooks;
import dev.tidemark.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link BlockedRuns} in its own JVM, on this test JVM's classpath and Spark flags. */
final class ChildProcess {
  final Process process;
  final Map<StageHooks.Point, Path> markers;
  final Path log;

  private ChildProcess(Process process, Map<StageHooks.Point, Path> markers, Path log) {
    this.process = process;
    this.markers = markers;
    this.log = log;
  }

  /** One run per stage point, each in its workspace (its conf dir), blocking at that point. */
  static ChildProcess start(
      String name, Map<StageHooks.Point, Path> confDirs, String from, String to, Path workDir)
      throws IOException {
    Path log = workDir.resolve("child-" + name + ".log");
    Map<StageHooks.Point, Path> markers = new LinkedHashMap<>();
    // A process started in the background by a non-interactive shell (as CI may start this one)
    // ignores SIGINT, and its children inherit that; Python resets it to the default before it
    // becomes the child JVM, as a terminal's process would have it.
    List<String> command =
        new ArrayList<>(
            List.of(
                "python3",
                "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
                    + " os.execvp(sys.argv[1], sys.argv[1:])"));
    command.addAll(ChildJvm.command(BlockedRuns.class));
    command.addAll(List.of("test", from, to));
    for (Map.Entry<StageHooks.Point, Path> run : confDirs.entrySet()) {
      Path marker = workDir.resolve("blocked-" + name + "-" + run.getKey());
      markers.put(run.getKey(), marker);
      command.add(run.getValue() + "|" + run.getKey().name() + "|" + marker);
    }
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ChildProcess(process, markers, log);
  }

  /** Each run's id, once every run is blocked at its stage point. */
  Map<StageHooks.Point, String> awaitBlocked() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    Map<StageHooks.Point, String> runIds = new LinkedHashMap<>();
    for (Map.Entry<StageHooks.Point, Path> marker : markers.entrySet()) {
      while (!Files.exists(marker.getValue())) {
        if (!process.isAlive()) {
          throw new AssertionError(
              "The child run exited with " + process.exitValue() + ":\n" + Files.readString(log));
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "The child's run never got blocked at " + marker.getKey() + ":\n" + tail());
        }
        // Polls a file another process writes: there is no event to wait on across processes.
        process.waitFor(200, TimeUnit.MILLISECONDS);
      }
      runIds.put(marker.getKey(), Files.readString(marker.getValue()).trim());
    }
    return runIds;
  }

  /** kill -9: the JVM gets no chance to run shutdown hooks, release its lock or close its run. */
  int kill() throws InterruptedException {
    logCpu();
    process.destroyForcibly();
    return process.waitFor();
  }

  /** SIGTERM, as Airflow, YARN, Kubernetes and Databricks stop a task. */
  int terminate() throws InterruptedException {
    logCpu();
    process.destroy();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      throw new AssertionError("The child did not exit within 2 minutes of SIGTERM");
    }
    return process.exitValue();
  }

  /** Sends a signal by name (INT: Ctrl-C) and returns the exit code. */
  int signal(String name) throws Exception {
    logCpu();
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .inheritIO()
        .start()
        .waitFor();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      throw new AssertionError("The child did not exit within 2 minutes of SIG" + name);
    }
    return process.exitValue();
  }

  /** Child JVMs are the slow part of these tests: say what one cost before it goes. */
  private void logCpu() {
    process
        .info()
        .totalCpuDuration()
        .ifPresent(
            cpu ->
                System.err.printf(
                    "  [child %s: %d s CPU so far]%n", log.getFileName(), cpu.toSeconds()));
  }

  List<String> logLines() throws IOException {
    return Files.readAllLines(log);
  }

  private String tail() throws IOException {
    List<String> lines = logLines();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}

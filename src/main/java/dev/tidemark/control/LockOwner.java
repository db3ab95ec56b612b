package dev.tidemark.control;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who holds a run lock, as written in the lock file: the process (its id and start time, so a
 * process id the system gave again to another program is not taken for the holder), the host and
 * the process-id namespace it runs in, and the run. A lock of a holder on this host and namespace
 * whose process is gone was left by a dead run and is taken over at once; on another host only the
 * holder's heartbeat tells (see {@link RunLock}).
 *
 * @param processStarted empty in lock files of Tidemark versions that did not record it
 * @param pidNamespace the Linux pid namespace ({@code pid:[4026531836]}), empty elsewhere: two
 *     containers may share a host name, and then their process ids say nothing of each other
 */
record LockOwner(
    long pid,
    String host,
    Optional<Instant> processStarted,
    String pidNamespace,
    String runId,
    Optional<Instant> startedAt) {

  /** Start times are read from the system in clock ticks; the same process always reads alike. */
  private static final Duration SAME_START = Duration.ofSeconds(1);

  /** This process, holding the lock for {@code runId}. */
  static LockOwner current(String runId, Instant startedAt) {
    String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    ProcessHandle self = ProcessHandle.current();
    return new LockOwner(
        self.pid(),
        name.substring(name.indexOf('@') + 1),
        self.info().startInstant(),
        currentPidNamespace(),
        runId,
        Optional.of(startedAt));
  }

  /** Reads a lock file's text; fields it lacks are left unknown (-1, empty). */
  static LockOwner parse(String text) {
    Map<String, String> fields = new HashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    String owner = fields.getOrDefault("owner", "");
    int at = owner.indexOf('@');
    long pid = parsePid(fields.getOrDefault("pid", at > 0 ? owner.substring(0, at) : ""));
    String host = fields.getOrDefault("host", at > 0 ? owner.substring(at + 1) : "");
    return new LockOwner(
        pid,
        host,
        instant(fields.get("process_started")),
        fields.getOrDefault("pid_namespace", ""),
        fields.getOrDefault("run_id", ""),
        instant(fields.get("started_at")));
  }

  /** The lock file's text. {@code owner=pid@host} comes first, as earlier versions wrote it. */
  String render() {
    return "owner="
        + pid
        + "@"
        + host
        + "\npid="
        + pid
        + "\nhost="
        + host
        + "\nprocess_started="
        + processStarted.map(Instant::toString).orElse("")
        + "\npid_namespace="
        + pidNamespace
        + "\nrun_id="
        + runId
        + "\nstarted_at="
        + startedAt.map(Instant::toString).orElse("")
        + "\n";
  }

  /**
   * True only when this process can see that the holder is gone: it ran on this host in this pid
   * namespace, and no process with its id and start time exists now. Anything unknown (another
   * host, a lock file without the start time) is not proof: the heartbeat decides then.
   */
  boolean provablyGone() {
    return process().map(p -> p.isEmpty()).orElse(false);
  }

  /**
   * True when this process can see the holder running: on this host and pid namespace, with its id
   * and start time. Such a holder is never taken over, even when its heartbeat is late (a stalled
   * JVM may wake up and write).
   */
  boolean provablyAlive() {
    return process().map(p -> p.isPresent()).orElse(false);
  }

  /**
   * The holder's process as this process sees it: empty when it cannot tell, an empty inner value
   * when the holder is gone (no process with its id, or one started at another time).
   */
  private Optional<Optional<ProcessHandle>> process() {
    LockOwner self = current(runId, Instant.EPOCH);
    if (pid <= 0
        || processStarted.isEmpty()
        || !host.equals(self.host)
        || !pidNamespace.equals(self.pidNamespace)) {
      return Optional.empty();
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return Optional.of(Optional.empty());
    }
    Optional<Instant> started = process.get().info().startInstant();
    if (started.isEmpty()) {
      return Optional.empty();
    }
    boolean same =
        Duration.between(started.get(), processStarted.get()).abs().compareTo(SAME_START) <= 0;
    return Optional.of(same ? process : Optional.empty());
  }

  /** For messages: "run r-1, process 4242 on host etl-7". */
  String describe() {
    return (runId.isEmpty() ? "a run" : "run " + runId)
        + ", process "
        + (pid > 0 ? Long.toString(pid) : "unknown")
        + " on host "
        + (host.isEmpty() ? "unknown" : host);
  }

  private static String currentPidNamespace() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return ""; // not Linux: the host name alone says whether a process id is ours to look up
    }
  }

  private static long parsePid(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Optional<Instant> instant(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text.trim()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

package dev.tidemark.runtime;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything Tidemark keeps for the life of the JVM, in one place. A Databricks job, a notebook or
 * a test JVM runs many runs in one process, some side by side; these are the only facts that must
 * outlive one run, each with the class that owns it and why. Nothing else in Tidemark is static and
 * mutable.
 */
public final class JvmWide {
  private JvmWide() {}

  /**
   * {@link RunningRuns}: the runs in progress in this JVM, by run id, with their thread. The
   * shutdown hook interrupts them on SIGTERM; repair and staging cleanup leave their rows and
   * staging tables alone.
   */
  static final Map<String, Thread> RUNNING_RUNS = new ConcurrentHashMap<>();

  /** {@link RunningRuns}: SIGTERM or SIGINT came; the runs' failures are interruptions. */
  static final AtomicBoolean STOPPING = new AtomicBoolean();

  /** {@link RunningRuns}: its shutdown hook is added (once per JVM, at the first run). */
  static final AtomicBoolean STOP_HOOK_ADDED = new AtomicBoolean();

  /**
   * {@code CommitQueue}: one monitor per control location and pipeline, so one run of a pipeline at
   * a time commits in this JVM (across processes the lock file does it).
   */
  public static final Map<String, Object> COMMIT_GATES = new ConcurrentHashMap<>();

  /**
   * {@code RunLock}: the lock files this JVM holds, by location, guarded by the map itself. Runs of
   * one pipeline in one JVM share the file and its heartbeat; the last to finish deletes it.
   */
  public static final Map<String, HeldLock> HELD_LOCKS = new HashMap<>();

  /** A lock file this JVM holds: how many of its runs hold it, as whom, and its heartbeat. */
  public record HeldLock(int runs, String owner, ScheduledFuture<?> heartbeat) {}

  /**
   * {@code ControlTable}: the control tables whose schema this JVM checked (and migrated), so a run
   * does not check them again: a check costs a Delta log read per table.
   */
  public static final Set<String> CHECKED_TABLES = ConcurrentHashMap.newKeySet();

  /**
   * {@code ControlStore}: one monitor per control location, so runs starting together in this JVM
   * create the control tables once.
   */
  public static final Map<String, Object> TABLE_CREATION = new ConcurrentHashMap<>();

  /** {@link StepTimes}: where step times are also printed (the benchmark's trace), if anywhere. */
  static final AtomicReference<PrintStream> STEP_ECHO = new AtomicReference<>();
}

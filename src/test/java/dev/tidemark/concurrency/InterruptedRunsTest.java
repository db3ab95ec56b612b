package dev.tidemark.concurrency;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.RunOutcome;
import dev.tidemark.control.Interval;
import dev.tidemark.control.IntervalLedger;
import dev.tidemark.control.IntervalStatus;
import dev.tidemark.control.LockHeldException;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.runtime.StageHooks.Point;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs really killed ({@code kill -9}) and really stopped (SIGTERM) at each stage boundary, with
 * the lock settings a user gets from reference.conf. Two child JVMs each run one backfill per stage
 * point side by side, each in its own workspace, blocked at its point (a JVM and Spark start is the
 * expensive part, so one process carries seven runs). Then the same backfill run again here, at
 * once, must end as an uninterrupted run: same target, ledger and watermarks, no lock left (after a
 * kill at every point, after SIGTERM where the state it leaves differs).
 */
class InterruptedRunsTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final DateRange RANGE = new DateRange(D1, D2);
  private static final List<Point> POINTS =
      List.of(
          Point.AFTER_PLAN,
          Point.DURING_STAGE,
          Point.AFTER_STAGE,
          Point.BEFORE_MERGE,
          Point.AFTER_PUBLISH,
          Point.DURING_RECONCILE,
          Point.AFTER_INTERVALS);

  /**
   * A run stopped by SIGTERM closes itself as a failed run does, but for its status ({@code
   * Closing.failed}): the rerun after a failure at every stage point is FailureInjectionTest's, and
   * the rerun after a kill at every point is this class's. After SIGTERM a rerun runs where the
   * state differs: staged and not published, just published, and with the ledger written.
   */
  private static final Set<Point> RERUN_AFTER_SIGTERM =
      EnumSet.of(Point.BEFORE_MERGE, Point.AFTER_PUBLISH, Point.AFTER_INTERVALS);

  /** What one uninterrupted run of the range leaves: the newest version of each order. */
  private static final List<String> UNINTERRUPTED =
      List.of(
          "ORD-1|CUST-00001|2026-01-01|paid|10.00|EUR|2026-01-02 09:00:00|2",
          "ORD-2|CUST-00001|2026-01-01|created|20.00|EUR|2026-01-01 08:30:00|1",
          "ORD-3|CUST-00001|2026-01-02|created|30.00|EUR|2026-01-02 08:00:00|1");

  private static final Map<Point, Workspace> KILLED = new LinkedHashMap<>();
  private static final Map<Point, Workspace> STOPPED = new LinkedHashMap<>();
  private static Workspace interrupted;
  private static ChildProcess killedChild;
  private static ChildProcess stoppedChild;
  private static ChildProcess interruptedChild;

  @BeforeAll
  static void startBlockedRuns() throws Exception {
    Path work = Files.createTempDirectory("tidemark-interrupted");
    for (Point point : POINTS) {
      KILLED.put(point, workspace(work.resolve("kill-" + point)));
      STOPPED.put(point, workspace(work.resolve("term-" + point)));
    }
    killedChild = ChildProcess.start("kill", confDirs(KILLED), D1 + "", D2 + "", work);
    stoppedChild = ChildProcess.start("term", confDirs(STOPPED), D1 + "", D2 + "", work);
    // Ctrl-C takes the JVM's shutdown path, as SIGTERM does (tested at every point below): one
    // point shows it, the first, where the child has the least to do before it blocks.
    interrupted = workspace(work.resolve("int-" + Point.AFTER_PLAN));
    interruptedChild =
        ChildProcess.start(
            "int", Map.of(Point.AFTER_PLAN, interrupted.conf), D1 + "", D2 + "", work);
  }

  @AfterAll
  static void killLeftovers() throws Exception {
    for (ChildProcess child : new ChildProcess[] {killedChild, stoppedChild, interruptedChild}) {
      if (child != null && child.process.isAlive()) {
        child.kill();
      }
    }
  }

  @Test
  void aLiveHolderIsNeverTakenOver_aRunKilledAtAnyStageBoundaryIsRepairedByAnImmediateRerun()
      throws Exception {
    Map<Point, String> killedRuns = killedChild.awaitBlocked();
    long pid = killedChild.process.pid();

    // Alive, on this host: never taken over. With tidemark.lock.wait = 0s the run fails at once,
    // saying who holds the lock and for how long.
    Workspace first = KILLED.get(Point.AFTER_PLAN);
    assertThatThrownBy(() -> first.pipeline(Clock.systemUTC()).run(Optional.of(RANGE)))
        .isInstanceOf(LockHeldException.class)
        .hasMessageContainingAll(
            "Cannot run pipeline 'orders'",
            "run " + killedRuns.get(Point.AFTER_PLAN) + ", process " + pid + " on host ",
            "started ",
            "last heartbeat ",
            "tidemark.lock.wait = PT0S");

    assertThat(killedChild.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(137);

    for (Point point : POINTS) {
      Workspace ws = KILLED.get(point);
      rerunAndCheck(ws, point);
      RunRecord killed = runs(ws).find(killedRuns.get(point)).orElseThrow();
      assertThat(killed.status()).as("killed at %s", point).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(killed.error().orElseThrow())
          .as("killed at %s", point)
          .contains(
              point.compareTo(Point.AFTER_PUBLISH) < 0
                  ? "interrupted before publish; the target was not changed"
                  : "interrupted after publishing target version");
    }
  }

  @Test
  void aRunStoppedBySigtermAtAnyStageBoundaryRecordsItselfReleasesItsLockAndKeepsItsStaging()
      throws Exception {
    Map<Point, String> stoppedRuns = stoppedChild.awaitBlocked();

    assertThat(stoppedChild.terminate()).as("exit code after SIGTERM").isEqualTo(143);

    for (Point point : POINTS) {
      Workspace ws = STOPPED.get(point);
      String runId = stoppedRuns.get(point);
      assertThat(lockFile(ws)).as("lock after SIGTERM at %s", point).doesNotExist();
      RunRecord stopped = runs(ws).find(runId).orElseThrow();
      assertThat(stopped.status()).as("stopped at %s", point).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(stopped.endedAt()).isPresent();
      assertThat(stopped.error().orElseThrow())
          .as("stopped at %s", point)
          .contains("interrupted: the process was asked to stop (SIGTERM or SIGINT)")
          .contains(
              point.compareTo(Point.AFTER_PUBLISH) < 0
                  ? "before publish; the target was not changed"
                  : "after publishing; its landing dates are marked unverified");
      if (point.compareTo(Point.AFTER_STAGE) >= 0) {
        Path staging = Path.of(ws.tables().stagingPath("orders", runId).replaceFirst("^file:", ""));
        assertThat(staging.resolve("_delta_log")).as("staging kept at %s", point).exists();
      }
      if (RERUN_AFTER_SIGTERM.contains(point)) {
        rerunAndCheck(ws, point);
      }
    }
  }

  /** Ctrl-C at a terminal: the same as SIGTERM, with the exit code 130. */
  @Test
  void aRunStoppedBySigintRecordsItselfAndExitsWith130() throws Exception {
    String runId = interruptedChild.awaitBlocked().get(Point.AFTER_PLAN);

    assertThat(interruptedChild.signal("INT")).as("exit code after SIGINT").isEqualTo(130);

    assertThat(lockFile(interrupted)).doesNotExist();
    RunRecord stopped = runs(interrupted).find(runId).orElseThrow();
    assertThat(stopped.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(stopped.error().orElseThrow())
        .contains("asked to stop (SIGTERM or SIGINT) before publish; the target was not changed");
    rerunAndCheck(interrupted, Point.AFTER_PLAN);
  }

  /**
   * Runs the same backfill again in this JVM at once and checks it ends as an uninterrupted run.
   */
  private static void rerunAndCheck(Workspace ws, Point point) {
    RunOutcome rerun = ws.pipeline(Clock.systemUTC()).run(Optional.of(RANGE));

    assertThat(rerun)
        .as("rerun after %s: %s", point, rerun.run().error().orElse(""))
        .isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath()))
        .as("target after %s", point)
        .isEqualTo(UNINTERRUPTED);
    assertThat(Tables.duplicateKeys(ws.targetPath())).isZero();
    Map<LocalDate, String> ledger =
        new IntervalLedger(TestSpark.session(), ws.tables())
            .all("orders").stream()
                .collect(
                    Collectors.toMap(Interval::landingDate, i -> i.status() + " " + i.runId()));
    String processed = IntervalStatus.PROCESSED + " " + rerun.run().runId();
    assertThat(ledger).as("ledger after %s", point).isEqualTo(Map.of(D1, processed, D2, processed));
    Watermark watermark = new WatermarkStore(TestSpark.session(), ws.tables()).read("orders");
    assertThat(watermark)
        .as("watermarks after %s", point)
        .isEqualTo(
            new Watermark(
                Optional.of(D2),
                Optional.of(Instant.parse("2026-01-02T09:00:00Z")),
                Optional.of(rerun.run().runId())));
    assertThat(lockFile(ws)).doesNotExist();
    assertThat(runs(ws).unfinished("orders")).isEmpty();
  }

  private static RunLog runs(Workspace ws) {
    return new RunLog(TestSpark.session(), ws.tables());
  }

  private static Path lockFile(Workspace ws) {
    return Path.of(ws.tables().locksPath().replaceFirst("^file:", "")).resolve("orders.lock");
  }

  private static Map<Point, Path> confDirs(Map<Point, Workspace> workspaces) {
    Map<Point, Path> dirs = new LinkedHashMap<>();
    workspaces.forEach((point, ws) -> dirs.put(point, ws.conf));
    return dirs;
  }

  /** Two days of orders; the lock settings are reference.conf's, only Spark is made small. */
  private static Workspace workspace(Path dir) throws Exception {
    Files.createDirectories(dir);
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(
        D1,
        "a.json",
        order("ORD-1", D1, "created", "10.00", "2026-01-01T08:00:00Z", 1),
        order("ORD-2", D1, "created", "20.00", "2026-01-01T08:30:00Z", 1));
    ws.writeRaw(
        D2,
        "a.json",
        order("ORD-1", D1, "paid", "10.00", "2026-01-02T09:00:00Z", 2),
        order("ORD-3", D2, "created", "30.00", "2026-01-02T08:00:00Z", 1));
    Files.writeString(
        ws.conf.resolve("test.conf"),
        "tidemark.spark { master = \"local[2]\", conf { \"spark.ui.enabled\" = \"false\","
            + " \"spark.sql.shuffle.partitions\" = \"1\" } }\n",
        StandardOpenOption.APPEND);
    return ws;
  }
}

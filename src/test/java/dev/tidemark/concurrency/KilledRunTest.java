package dev.tidemark.concurrency;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.RunOutcome;
import dev.tidemark.StageHooks;
import dev.tidemark.ledger.Interval;
import dev.tidemark.ledger.IntervalLedger;
import dev.tidemark.ledger.IntervalStatus;
import dev.tidemark.ledger.LockHeldException;
import dev.tidemark.ledger.RunLog;
import dev.tidemark.ledger.RunRecord;
import dev.tidemark.ledger.RunStatus;
import dev.tidemark.ledger.Watermark;
import dev.tidemark.ledger.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second process really holding the pipeline's lock, and really killed (SIGKILL) during publish
 * and during commit. Both child processes start at once (a JVM and Spark start is the expensive
 * part); each blocks at its stage boundary through a hook until this test kills it. Then the same
 * backfill run again here ends with the content of an uninterrupted run and a consistent ledger.
 */
class KilledRunTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final DateRange RANGE = new DateRange(D1, D2);
  private static final Duration LOCK_WAIT = Duration.ofSeconds(5);

  /** What one uninterrupted run of the range leaves: the newest version of each order. */
  private static final List<String> UNINTERRUPTED =
      List.of(
          "ORD-1|CUST-00001|2026-01-01|paid|10.00|EUR|2026-01-02 09:00:00|2",
          "ORD-2|CUST-00001|2026-01-01|created|20.00|EUR|2026-01-01 08:30:00|1",
          "ORD-3|CUST-00001|2026-01-02|created|30.00|EUR|2026-01-02 08:00:00|1");

  private static Workspace duringPublish;
  private static Workspace duringCommit;
  private static ChildProcess killedInPublish;
  private static ChildProcess killedInCommit;

  @BeforeAll
  static void startBlockedRuns() throws Exception {
    duringPublish = workspace("tidemark-kill-publish");
    duringCommit = workspace("tidemark-kill-commit");
    killedInPublish = child(duringPublish, StageHooks.Point.AFTER_PUBLISH);
    // Between two control writes: the interval ledger is written, the watermarks are not.
    killedInCommit = child(duringCommit, StageHooks.Point.AFTER_INTERVALS);
  }

  @AfterAll
  static void killLeftovers() throws Exception {
    for (ChildProcess child : new ChildProcess[] {killedInPublish, killedInCommit}) {
      if (child != null && child.process.isAlive()) {
        child.kill();
      }
    }
  }

  @Test
  void aLockHeldByALiveProcessMakesARunWaitThenFailNamingTheHolder_aKilledPublishIsRepaired()
      throws Exception {
    Workspace ws = duringPublish;
    String killedRun = killedInPublish.awaitBlocked();
    long targetVersion = Tables.version(ws.targetPath());

    // The child holds the lock and is alive: its heartbeat keeps the lock fresh for longer than
    // stale-after, so this run waits tidemark.lock.wait and gives up, naming the holder.
    long start = System.nanoTime();
    assertThatThrownBy(() -> ws.pipeline(Clock.systemUTC()).run(Optional.of(RANGE)))
        .isInstanceOf(LockHeldException.class)
        .hasMessageContainingAll(
            "Cannot run pipeline 'orders'",
            "owner=" + killedInPublish.process.pid() + "@",
            "run_id=" + killedRun,
            "tidemark.lock.wait = PT5S");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(LOCK_WAIT);
    assertThat(Tables.version(ws.targetPath())).isEqualTo(targetVersion);
    // The child's MERGE is in: it was killed after publishing, before any ledger write.
    assertThat(Tables.target(ws.targetPath())).isEqualTo(UNINTERRUPTED);

    assertThat(killedInPublish.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(137);

    RunRecord killed = rerunAndCheck(ws, killedRun);
    assertThat(killed.error().orElseThrow())
        .contains("interrupted after publishing target version " + targetVersion);
  }

  @Test
  void aRunKilledBetweenTheLedgerAndTheWatermarksIsRepairedByRunningItAgain() throws Exception {
    Workspace ws = duringCommit;
    String killedRun = killedInCommit.awaitBlocked();
    long targetVersion = Tables.version(ws.targetPath());
    assertThat(new IntervalLedger(TestSpark.session(), ws.tables()).all("orders"))
        .extracting(Interval::runId)
        .containsOnly(killedRun);
    assertThat(new WatermarkStore(TestSpark.session(), ws.tables()).read("orders"))
        .isEqualTo(Watermark.NONE);

    assertThat(killedInCommit.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(137);

    RunRecord killed = rerunAndCheck(ws, killedRun);
    assertThat(killed.error().orElseThrow())
        .contains("interrupted after publishing target version " + targetVersion);
  }

  /**
   * Runs the same backfill again in this JVM, once the dead child's lock went stale, and checks it
   * ends as an uninterrupted run would; returns the killed run's row as repair closed it.
   */
  private static RunRecord rerunAndCheck(Workspace ws, String killedRun) {
    RunOutcome rerun = ws.pipeline(Clock.systemUTC()).run(Optional.of(RANGE));

    assertThat(rerun)
        .as("rerun: %s", rerun.run().error().orElse(""))
        .isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath())).isEqualTo(UNINTERRUPTED);
    assertThat(Tables.duplicateKeys(ws.targetPath())).isZero();
    Map<LocalDate, String> ledger =
        new IntervalLedger(TestSpark.session(), ws.tables())
            .all("orders").stream()
                .collect(
                    Collectors.toMap(Interval::landingDate, i -> i.status() + " " + i.runId()));
    String processed = IntervalStatus.PROCESSED + " " + rerun.run().runId();
    assertThat(ledger).isEqualTo(Map.of(D1, processed, D2, processed));
    Watermark watermark = new WatermarkStore(TestSpark.session(), ws.tables()).read("orders");
    assertThat(watermark.landing()).contains(D2);
    assertThat(watermark.runId()).contains(rerun.run().runId());
    assertThat(ws.tables().locksPath().replaceFirst("^file:", ""))
        .satisfies(dir -> assertThat(Path.of(dir).resolve("orders.lock")).doesNotExist());

    RunLog runs = new RunLog(TestSpark.session(), ws.tables());
    assertThat(runs.unfinished("orders")).isEmpty();
    RunRecord killed = runs.find(killedRun).orElseThrow();
    assertThat(killed.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(killed.endedAt()).isPresent();
    return killed;
  }

  private static Workspace workspace(String name) throws Exception {
    Workspace ws = Workspace.create(Files.createTempDirectory(name), false);
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
    // A short stale-after, so the dead child's lock is taken over within the test; the wait is
    // longer, so a live holder is seen to refresh its lock rather than go stale.
    Files.writeString(
        ws.conf.resolve("test.conf"),
        "tidemark.lock { wait = "
            + LOCK_WAIT.toSeconds()
            + "s, stale-after = 2s }\n"
            + "tidemark.spark { master = \"local[1]\", conf { \"spark.ui.enabled\" = \"false\","
            + " \"spark.sql.shuffle.partitions\" = \"1\" } }\n",
        StandardOpenOption.APPEND);
    return ws;
  }

  private static ChildProcess child(Workspace ws, StageHooks.Point point) throws Exception {
    return ChildProcess.start(ws.conf, D1.toString(), D2.toString(), point.name(), ws.root);
  }
}

package dev.tidemark;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.Batch;
import dev.tidemark.plan.DateRange;
import dev.tidemark.report.BackfillProgress;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 34: a backfill longer than a batch (31 landing dates by default) runs as batches, each a
 * whole run, and the same command goes on where a failure or --max-batches left it, never reading a
 * published batch again. With the shipped batch limits.
 */
class BatchedBackfillTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate FEB_5 = LocalDate.of(2026, 2, 5);
  private static final LocalDate MAR_5 = LocalDate.of(2026, 3, 5);

  /** 70 days: batches Jan 1 .. Jan 31, Feb 1 .. Mar 3, Mar 4 .. Mar 11. */
  private static final DateRange RANGE = new DateRange(JAN_1, LocalDate.of(2026, 3, 11));

  private static final MutableClock CLOCK = MutableClock.at(LocalDate.of(2026, 3, 20));

  @TempDir Path dir;

  /** ORD-1's newest version lands first; an older one lands in the last batch, and loses. */
  private static Workspace workspace(Path dir) {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(
        JAN_1,
        "a.json",
        order("ORD-1", JAN_1, "paid", "10.00", "2026-01-01T10:00:00.000Z", 2),
        order("ORD-2", JAN_1, "created", "20.00", "2026-01-01T08:00:00.000Z", 1));
    ws.writeRaw(
        FEB_5, "a.json", order("ORD-2", JAN_1, "paid", "20.00", "2026-02-05T08:00:00.000Z", 2));
    ws.writeRaw(
        MAR_5,
        "a.json",
        order("ORD-1", JAN_1, "created", "10.00", "2026-01-01T09:00:00.000Z", 1),
        order("ORD-3", MAR_5, "created", "30.00", "2026-03-05T08:00:00.000Z", 1));
    return ws;
  }

  private static final List<String> FINAL =
      List.of(
          "ORD-1|CUST-00001|2026-01-01|paid|10.00|EUR|2026-01-01 10:00:00|2",
          "ORD-2|CUST-00001|2026-01-01|paid|20.00|EUR|2026-02-05 08:00:00|2",
          "ORD-3|CUST-00001|2026-03-05|created|30.00|EUR|2026-03-05 08:00:00|1");

  private static BatchedRun.Result backfill(Workspace ws, StageHooks hooks, int maxBatches) {
    return run(ws, hooks, RunRequest.backfill(RANGE), maxBatches);
  }

  private static BatchedRun.Result run(
      Workspace ws, StageHooks hooks, RunRequest request, int maxBatches) {
    return new BatchedRun(ws.pipeline(CLOCK, hooks), BatchedRun.Listener.SILENT)
        .run(request, maxBatches);
  }

  private static List<RunRecord> runs(Workspace ws) {
    List<RunRecord> newestFirst =
        new ArrayList<>(new RunLog(TestSpark.session(), ws.tables()).recent("orders", 100));
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  private static long rowsRead(RunOutcome outcome) {
    return outcome.run().staged().map(RunRecord.StageCounts::rowsRead).orElse(0L);
  }

  @Test
  void aBatchedBackfillGoesOnWhereAFailureOrMaxBatchesLeftItAndRollsBackBatchByBatch() {
    Workspace ws = workspace(dir);
    StageHooks crashInBatch2 = crashAfterTheSecondMerge();

    BatchedRun.Result first = backfill(ws, crashInBatch2, 0);

    assertThat(first.batches()).hasSize(3);
    assertThat(first.outcomes()).hasSize(2);
    assertThat(first.outcomes().get(0)).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(first.last()).isInstanceOf(RunOutcome.Failed.class);
    assertThat(first.stopped()).contains("batch 2 of 3 of " + RANGE + " failed");
    assertThat(first.left()).isEqualTo(1);
    assertThat(watermark(ws)).contains(JAN_1);

    // The same command, one batch a night: batch 1 is published, so skipped without being read.
    BatchedRun.Result night2 = backfill(ws, StageHooks.NONE, 1);
    assertThat(night2.outcomes()).singleElement().isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(night2.last().run().batch()).contains(new Batch(2, 3, RANGE));
    assertThat(rowsRead(night2.last())).isEqualTo(1);
    assertThat(night2.stopped()).contains("--max-batches 1 were run");
    assertThat(night2.left()).isEqualTo(1);

    BatchedRun.Result night3 = backfill(ws, StageHooks.NONE, 1);
    assertThat(night3.outcomes()).singleElement().isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(rowsRead(night3.last())).isEqualTo(2);
    assertThat(night3.stopped()).isEmpty();
    // Newest wins across batches: ORD-1's older version landed last and lost.
    assertThat(Tables.target(ws.targetPath())).containsExactlyElementsOf(FINAL);
    // The watermark moved as the one run would have, over the dates without folders.
    assertThat(watermark(ws)).contains(MAR_5);
    // Each batch is a run row saying which batch of what it was.
    assertThat(runs(ws))
        .extracting(RunRecord::status, r -> r.batch().map(Batch::index).orElse(0))
        .containsExactly(
            tuple(RunStatus.SUCCEEDED, 1),
            tuple(RunStatus.FAILED, 2),
            tuple(RunStatus.SUCCEEDED, 2),
            tuple(RunStatus.SUCCEEDED, 3));
    RunRecord batch3 = night3.last().run();
    assertThat(batch3.rangeFrom()).isEqualTo(LocalDate.of(2026, 3, 4));

    // A batched backfill rolls back batch by batch, newest first, each a run.
    new Rollback(TestSpark.session(), ws.config(), CLOCK).rollback(batch3.runId());
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(FINAL.get(0), FINAL.get(1))
        .doesNotContain(FINAL.get(2));
    // Moved back to the day before the first date batch 3 read, as for any rolled-back run.
    assertThat(watermark(ws)).contains(MAR_5.minusDays(1));
    // The same command reads the rolled-back batch again, and only it.
    BatchedRun.Result again = backfill(ws, StageHooks.NONE, 0);
    assertThat(again.outcomes())
        .singleElement()
        .satisfies(o -> assertThat(rowsRead(o)).isEqualTo(2));
    assertThat(Tables.target(ws.targetPath())).containsExactlyElementsOf(FINAL);

    // The finished backfill run again is one run that reads nothing, as an unbatched rerun is.
    BatchedRun.Result rerun = backfill(ws, StageHooks.NONE, 0);
    assertThat(rerun.batched()).isFalse();
    assertThat(rowsRead(rerun.last())).isZero();
  }

  @Test
  void anIncrementalRunFarBehindRunsItsOlderDatesAsBatchesAndTheTerminalFollows() {
    Workspace ws = workspace(dir); // start-date 2026-01-01, today 2026-03-20: 79 dates to read
    assertThat(
            Cli.run(ws, CLOCK, "plan", "orders", "--from", "2026-01-01", "--to", "2026-03-11")
                .out())
        .contains("a real run takes 3 batches of at most 31 dates or 10.0 GB, oldest first:")
        .containsPattern("batch 1 +2026-01-01 .. 2026-01-31 +1 folder, 351 B")
        .containsPattern("batch 3 +2026-03-04 .. 2026-03-11 +1 folder, ");

    Cli.Result night1 = Cli.run(ws, CLOCK, "run", "orders", "--max-batches", "1");

    // Its dates before the last batch's run first, as a batched backfill: one batch tonight.
    assertThat(night1.exitCode()).as(night1.err()).isZero();
    assertThat(night1.out())
        .contains("Backfill 2026-01-01 .. 2026-03-03 in 2 batches, oldest first (")
        .contains("batch 1 of 2: 2026-01-01 .. 2026-01-31, 351 B to read")
        .containsPattern(
            "batch 1 of 2 succeeded: 2 rows read in [0-9.]+ s( \\([0-9,]+ rows/s\\))?; about"
                + " \\S+ left")
        .contains(
            "Backfill stopped: --max-batches 1 were run. Run the same command again to go on with"
                + " batch 2 of 2: the published batches before it are skipped, not read.");
    assertThat(night1.out().indexOf("Run r-"))
        .isBetween(0, night1.out().indexOf("batch 1 of 2 succeeded"));
    assertThat(Cli.run(ws, CLOCK, "history", "orders").out()).contains("backfill 1/2");
    assertThat(Cli.run(ws, CLOCK, "status", "orders").out())
        .containsPattern(
            "backfill +2026-01-01 .. 2026-03-03: batch 1 of 2 succeeded \\(r-[^)]+\\); run the"
                + " same command again to go on with batch 2");

    Cli.Result night2 = Cli.run(ws, CLOCK, "run", "orders");

    assertThat(night2.exitCode()).as(night2.err()).isZero();
    assertThat(night2.out())
        .contains("batch 1 of 2 (2026-01-01 .. 2026-01-31): published already, skipped")
        .contains("batch 2 of 2: 2026-02-01 .. 2026-03-03, ")
        .contains("(incremental 2026-02-02 .. 2026-03-20)")
        .contains(
            "Backfill 2026-01-01 .. 2026-03-03: all 2 batches published; then the incremental"
                + " run read the dates after them.");
    assertThat(Tables.target(ws.targetPath())).containsExactlyElementsOf(FINAL);
    assertThat(Cli.run(ws, CLOCK, "status", "orders").out())
        .doesNotContainPattern("\\n  backfill +2026");
  }

  @Test
  void aBackfillWhoseLastBatchesHaveNothingToReadEndsFinished() {
    Workspace ws = workspace(dir);
    // Mar 5 holds the only folder: batch 2 (Mar 13 .. Apr 12) and 3 (Apr 13 .. 15) are empty.
    DateRange range = new DateRange(LocalDate.of(2026, 2, 10), LocalDate.of(2026, 4, 15));

    BatchedRun.Result result = run(ws, StageHooks.NONE, RunRequest.backfill(range), 0);

    assertThat(result.batches()).hasSize(3);
    // Batch 2 is skipped; the last runs with nothing to read, so its row says the backfill ended.
    assertThat(result.outcomes()).hasSize(2).allMatch(o -> o instanceof RunOutcome.Succeeded);
    assertThat(result.last().run().batch()).contains(new Batch(3, 3, range));
    assertThat(rowsRead(result.last())).isZero();
    assertThat(
            BackfillProgress.of(new RunLog(TestSpark.session(), ws.tables()).recent("orders", 10)))
        .isEmpty();
  }

  @Test
  void aForcedBackfillGoesOnToo() {
    Workspace ws = workspace(dir);
    RunRequest forced = RunRequest.backfill(RANGE).forced(true);
    assertThat(run(ws, StageHooks.NONE, forced, 1).last().run().batch())
        .contains(new Batch(1, 3, RANGE));

    BatchedRun.Result next = run(ws, StageHooks.NONE, forced, 1);

    // Batch 1 of this forced backfill published: not read again, though --force reads all.
    assertThat(next.outcomes()).singleElement().isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(next.last().run().batch()).contains(new Batch(2, 3, RANGE));
    assertThat(next.last().run().mode()).isEqualTo(dev.tidemark.plan.RunMode.FORCED);
  }

  /** Fails the second run to publish right after its MERGE committed: batch 2, here. */
  private static StageHooks crashAfterTheSecondMerge() {
    AtomicInteger publishes = new AtomicInteger();
    return (point, runId) -> {
      if (point == StageHooks.Point.AFTER_PUBLISH && publishes.incrementAndGet() == 2) {
        throw new IllegalStateException("crash after batch 2's MERGE");
      }
    };
  }

  private static java.util.Optional<LocalDate> watermark(Workspace ws) {
    return new WatermarkStore(TestSpark.session(), ws.tables()).read("orders").landing();
  }
}

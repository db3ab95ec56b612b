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
    Pipeline pipeline = ws.pipeline(CLOCK, hooks);
    return new BatchedRun(pipeline, ws.config().pipeline().batch(), BatchedRun.Listener.SILENT)
        .run(RunRequest.backfill(RANGE), maxBatches);
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
    AtomicInteger publishes = new AtomicInteger();
    StageHooks crashInBatch2 =
        (point, runId) -> {
          if (point == StageHooks.Point.AFTER_PUBLISH && publishes.incrementAndGet() == 2) {
            throw new IllegalStateException("crash after batch 2's MERGE");
          }
        };

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
  void theTerminalShowsEachBatchItsRateTheTimeLeftAndHowToGoOn() {
    Workspace ws = workspace(dir);

    Cli.Result run =
        Cli.run(
            ws,
            CLOCK,
            "run",
            "orders",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-11",
            "--max-batches",
            "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Backfill 2026-01-01 .. 2026-03-11 in 3 batches, oldest first (")
        .contains("batch 1 of 3: 2026-01-01 .. 2026-01-31, ")
        .containsPattern(
            "batch 1 of 3 succeeded: 2 rows read in [0-9.]+ s( \\([0-9,]+ rows/s\\))?; about \\S+ left")
        .contains("batch 2 of 3: 2026-02-01 .. 2026-03-03, ")
        .contains(
            "Backfill stopped: --max-batches 2 were run. Run the same command again to go on with"
                + " batch 3 of 3: the published batches before it are skipped, not read.");
    assertThat(run.out().indexOf("Run r-"))
        .isBetween(0, run.out().indexOf("batch 1 of 3 succeeded"));
    assertThat(Cli.run(ws, CLOCK, "history", "orders").out())
        .contains("backfill 1/3")
        .contains("backfill 2/3");
  }

  private static java.util.Optional<LocalDate> watermark(Workspace ws) {
    return new WatermarkStore(TestSpark.session(), ws.tables()).read("orders").landing();
  }
}

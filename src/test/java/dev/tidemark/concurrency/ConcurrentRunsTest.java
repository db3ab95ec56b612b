package dev.tidemark.concurrency;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.control.Interval;
import dev.tidemark.control.IntervalLedger;
import dev.tidemark.control.IntervalStatus;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two backfills of one pipeline at once in one JVM (as a cluster driver running several backfills
 * would), on disjoint target partitions: both are staged before either publishes, so their
 * publishes, reconciliations and control writes overlap; then one commits before the other, in
 * either order. Both succeed through Delta's optimistic concurrency (control-table writes that lose
 * a race are retried), and the result is that of one run over both ranges.
 */
class ConcurrentRunsTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final LocalDate D4 = D1.plusDays(3);
  private static final DateRange EARLY = new DateRange(D1, D2);
  private static final DateRange LATE = new DateRange(D3, D4);

  @TempDir Path dir;

  @ParameterizedTest(name = "the run of the earlier range commits first: {0}")
  @ValueSource(booleans = {true, false})
  void twoBackfillsAtOnceBothCommitAndEndAsOneRun(boolean earlyCommitsFirst) throws Exception {
    Workspace ws = Workspace.create(dir, false);
    // Each order's date is its landing date: the two ranges publish to disjoint partitions.
    ws.writeRaw(D1, "a.json", order("ORD-1", D1, "created", "10.00", "2026-01-01T08:00:00Z", 1));
    ws.writeRaw(
        D2,
        "a.json",
        order("ORD-2", D2, "created", "20.00", "2026-01-02T08:00:00Z", 1),
        order("ORD-2", D2, "paid", "20.00", "2026-01-02T09:00:00Z", 2));
    ws.writeRaw(D3, "a.json", order("ORD-3", D3, "created", "30.00", "2026-01-03T08:00:00Z", 1));
    ws.writeRaw(D4, "a.json", order("ORD-4", D4, "created", "40.00", "2026-01-04T08:00:00Z", 1));
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 10));

    CyclicBarrier bothStaged = new CyclicBarrier(2);
    CountDownLatch firstDone = new CountDownLatch(1);
    DateRange first = earlyCommitsFirst ? EARLY : LATE;
    DateRange second = earlyCommitsFirst ? LATE : EARLY;
    // Two threads of their own: the common pool may have a single thread on a small machine,
    // and the runs wait for each other.
    ExecutorService threads = Executors.newFixedThreadPool(2);
    Future<RunOutcome> firstRun =
        threads.submit(
            () -> {
              try {
                return ws.pipeline(clock, hooks(bothStaged, Optional.empty()))
                    .run(Optional.of(first));
              } finally {
                firstDone.countDown();
              }
            });
    Future<RunOutcome> secondRun =
        threads.submit(
            () ->
                ws.pipeline(clock, hooks(bothStaged, Optional.of(firstDone)))
                    .run(Optional.of(second)));
    threads.shutdown();
    RunOutcome a = firstRun.get(15, TimeUnit.MINUTES);
    RunOutcome b = secondRun.get(15, TimeUnit.MINUTES);

    assertThat(List.of(a, b))
        .allSatisfy(
            o ->
                assertThat(o)
                    .as("run %s: %s", o.run().runId(), o.run().error().orElse(""))
                    .isInstanceOf(RunOutcome.Succeeded.class));
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-1|CUST-00001|2026-01-01|created|10.00|EUR|2026-01-01 08:00:00|1",
            "ORD-2|CUST-00001|2026-01-02|paid|20.00|EUR|2026-01-02 09:00:00|2",
            "ORD-3|CUST-00001|2026-01-03|created|30.00|EUR|2026-01-03 08:00:00|1",
            "ORD-4|CUST-00001|2026-01-04|created|40.00|EUR|2026-01-04 08:00:00|1");
    assertThat(Tables.duplicateKeys(ws.targetPath())).isZero();
    // Each run published its own MERGE, tagged with its run id.
    List<String> tagged =
        DeltaTable.forPath(TestSpark.session(), ws.targetPath())
            .history()
            .where("operation = 'MERGE'")
            .collectAsList()
            .stream()
            .map(r -> r.<String>getAs("userMetadata"))
            .toList();
    assertThat(tagged).containsExactlyInAnyOrder(a.run().runId(), b.run().runId());

    // No control row lost: both run rows finished, every landing date recorded by its run.
    RunLog runs = new RunLog(TestSpark.session(), ws.tables());
    assertThat(runs.recent("orders", 10))
        .extracting(r -> r.runId() + " " + r.status())
        .containsExactlyInAnyOrder(
            a.run().runId() + " " + RunStatus.SUCCEEDED,
            b.run().runId() + " " + RunStatus.SUCCEEDED);
    String earlyRun = (earlyCommitsFirst ? a : b).run().runId();
    String lateRun = (earlyCommitsFirst ? b : a).run().runId();
    Map<LocalDate, String> intervals =
        new IntervalLedger(TestSpark.session(), ws.tables())
            .all("orders").stream()
                .filter(i -> i.status() == IntervalStatus.PROCESSED)
                .collect(Collectors.toMap(Interval::landingDate, Interval::runId));
    assertThat(intervals).isEqualTo(Map.of(D1, earlyRun, D2, earlyRun, D3, lateRun, D4, lateRun));
    assertThat(new RunLog(TestSpark.session(), ws.tables()).unfinished("orders")).isEmpty();
    assertThat(TestSpark.session().read().format("delta").load(ws.tables().runs().path()).count())
        .isEqualTo(2);

    // The watermark covers both ranges whichever committed last, as after one run over D1..D4.
    Watermark watermark = new WatermarkStore(TestSpark.session(), ws.tables()).read("orders");
    assertThat(watermark.landing()).contains(D4);
    assertThat(watermark.event()).contains(Instant.parse("2026-01-04T08:00:00Z"));
    // The run that committed last wrote it.
    assertThat(watermark.runId()).contains(b.run().runId());
  }

  /**
   * Waits at the end of stage until the other run has staged too, so both publish at once; the run
   * given {@code commitAfter} waits before its commit until the other run has finished.
   */
  private static StageHooks hooks(CyclicBarrier bothStaged, Optional<CountDownLatch> commitAfter) {
    return (point, runId) -> {
      try {
        if (point == StageHooks.Point.AFTER_STAGE) {
          bothStaged.await(10, TimeUnit.MINUTES);
        }
        if (point == StageHooks.Point.AFTER_RECONCILE && commitAfter.isPresent()) {
          assertThat(commitAfter.get().await(10, TimeUnit.MINUTES)).isTrue();
        }
      } catch (Exception e) {
        throw new IllegalStateException("test hook at " + point + " of " + runId, e);
      }
    };
  }
}

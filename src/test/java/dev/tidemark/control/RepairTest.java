package dev.tidemark.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.plan.DateRange;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repair step closes runs a dead process left "running", by what they got done. The crashed
 * state is written here as a dying process leaves it: a run row still running, and, for a crash
 * after publish, a target commit carrying its run id.
 */
class RepairTest {
  private static final LocalDate DAY1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 1, 2);

  @TempDir Path dir;

  @Test
  void runsLeftRunningAreClosedByWhatTheyGotDone() {
    Workspace ws = Workspace.create(dir);
    ws.generate(2, 100);
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 5));
    SparkSession spark = TestSpark.session();
    RunOutcome first = ws.pipeline(clock).run(Optional.of(new DateRange(DAY1, DAY1)));
    assertThat(first).isInstanceOf(RunOutcome.Succeeded.class);
    RunLog log = new RunLog(spark, ws.tables());
    RunRecord template = log.find(first.run().runId()).orElseThrow();

    // Died before publish: only its run row exists.
    RunRecord beforePublish = running(template, "r-20260105-000001-aaaaaa");
    log.write(beforePublish);
    // Died after publish: its MERGE is in the target's history.
    RunRecord afterPublish = running(template, "r-20260105-000002-bbbbbb");
    log.write(afterPublish);
    SparkSession tagged = spark.newSession();
    tagged.conf().set("spark.databricks.delta.commitInfo.userMetadata", afterPublish.runId());
    String someOrder = Tables.delta(ws.targetPath()).first().getAs("order_id");
    DeltaTable.forPath(tagged, ws.targetPath())
        .update(
            functions.col("order_id").equalTo(someOrder),
            Map.of("status", functions.col("status")));
    long crashVersion = Tables.version(ws.targetPath());
    // Died after moving the watermarks: only its final run row is missing.
    RunRecord afterWatermarks = running(template, "r-20260105-000003-cccccc");
    log.write(afterWatermarks);
    WatermarkStore watermarks = new WatermarkStore(spark, ws.tables());
    Watermark current = watermarks.read("orders");
    watermarks.write(
        "orders",
        new Watermark(current.landing(), current.event(), Optional.of(afterWatermarks.runId())),
        clock.instant());

    RunOutcome next = ws.pipeline(clock).run(Optional.of(new DateRange(DAY2, DAY2)));

    assertThat(next).isInstanceOf(RunOutcome.Succeeded.class);
    RunRecord a = log.find(beforePublish.runId()).orElseThrow();
    assertThat(a.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(a.error()).contains("interrupted before publish; the target was not changed");
    assertThat(a.endedAt()).isPresent();
    RunRecord b = log.find(afterPublish.runId()).orElseThrow();
    assertThat(b.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(b.error().orElseThrow()).contains("after publishing target version " + crashVersion);
    RunRecord c = log.find(afterWatermarks.runId()).orElseThrow();
    assertThat(c.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(log.unfinished("orders")).isEmpty();
    // The dates the run after publish had read were marked for another look.
    List<Interval> day1 =
        new IntervalLedger(spark, ws.tables()).read("orders", new DateRange(DAY1, DAY1));
    assertThat(day1)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.status()).isEqualTo(IntervalStatus.UNVERIFIED);
              assertThat(i.runId()).isEqualTo(afterPublish.runId());
            });
  }

  private static RunRecord running(RunRecord template, String runId) {
    return new RunRecord(
        runId,
        template.pipeline(),
        template.mode(),
        template.rangeFrom(),
        template.rangeTo(),
        RunStatus.RUNNING,
        Optional.empty(),
        template.startedAt().plusSeconds(60),
        Optional.empty(),
        Map.of(),
        template.plan(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        template.tidemarkVersion(),
        template.configHash(),
        java.util.List.of(),
        Optional.empty());
  }
}

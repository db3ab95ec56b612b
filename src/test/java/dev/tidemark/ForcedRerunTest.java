package dev.tidemark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.control.Interval;
import dev.tidemark.control.IntervalLedger;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forced rerun stages only what it changes: files that parse into the digest the ledger kept are
 * not merged again; of the others, rows the target already holds as they are are counted as
 * unchanged and never written to staging, while a new version and a line headed for quarantine
 * still are (a pipeline without quality checks and without a golden source).
 */
class ForcedRerunTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 1);
  private static final DateRange RANGE = new DateRange(DAY, DAY);
  private static final String MALFORMED = "{\"order_id\":\"o-9\",\"amount\":";

  @TempDir Path dir;

  @Test
  void aForcedRerunStagesOnlyNewVersionsAndQuarantinedLines() {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(
        DAY,
        "a.json",
        order("o-1", "placed", "08:00"),
        order("o-2", "placed", "08:30"),
        order("o-3", "placed", "09:00"),
        order("o-4", "placed", "09:30"));
    MutableClock clock = MutableClock.at(DAY.plusDays(1));
    Map<String, Dataset<Row>> staging = new ConcurrentHashMap<>();
    StageHooks keepStaging =
        (point, runId) -> {
          String path = ws.tables().stagingPath("orders", runId);
          if (point == StageHooks.Point.AFTER_STAGE && Files.exists(Path.of(path, "_delta_log"))) {
            // Collected now: the staging table is deleted at commit.
            Dataset<Row> rows = Tables.delta(path);
            staging.put(
                runId,
                TestSpark.session()
                    .createDataFrame(rows.collectAsList(), rows.schema())
                    .orderBy("order_id"));
          }
        };
    assertThat(ws.pipeline(clock, keepStaging).run(Optional.of(RANGE)))
        .isInstanceOf(RunOutcome.Succeeded.class);
    List<String> first = Tables.target(ws.targetPath());

    // A second file for the day: a newer version of o-2, an exact copy of o-1, and a cut line.
    ws.writeRaw(
        DAY,
        "b.json",
        order("o-2", "shipped", "11:00"),
        order("o-1", "placed", "08:00"),
        MALFORMED);
    RunOutcome forced =
        ws.pipeline(clock, keepStaging).run(RunRequest.of(Optional.of(RANGE)).forced(true));

    assertThat(forced).isInstanceOf(RunOutcome.Succeeded.class);
    RunRecord run =
        new RunLog(TestSpark.session(), ws.tables()).find(forced.run().runId()).orElseThrow();
    // a.json parsed again into the digest the backfill kept: not merged again. b.json is new.
    assertThat(run.plan())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.action()).isEqualTo(FolderAction.READ_NEW_FILES);
              assertThat(f.toRead())
                  .extracting(s -> Path.of(s.path()).getFileName().toString())
                  .containsExactly("b.json");
            });
    RunRecord.StageCounts counts = run.staged().orElseThrow();
    assertThat(counts.rowsRead()).isEqualTo(3);
    // a.json's four rows were parsed too, and counted apart: found as published.
    assertThat(counts.filesVerified()).isEqualTo(1);
    assertThat(counts.rowsVerified()).isEqualTo(4);
    assertThat(counts.rowsQuarantined()).isEqualTo(1);
    // The batch is counted whole: two keys, o-2 and o-1.
    assertThat(counts.rowsStaged()).isEqualTo(2);
    RunRecord.PublishCounts published = run.published().orElseThrow();
    assertThat(published.updated()).isEqualTo(1);
    assertThat(published.inserted()).isZero();
    // o-1's copy in b.json is the row the target holds: left out of staging.
    assertThat(published.unchanged()).isEqualTo(1);

    // Staging held the new version of o-2 and the cut line, nothing else.
    Dataset<Row> staged = staging.get(run.runId());
    assertThat(
            staged
                .where(functions.col("_tm_reject_reason").isNull())
                .select("order_id", "status")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0) + ":" + r.getString(1)))
        .containsExactly("o-2:shipped");
    assertThat(
            staged
                .where(functions.col("_tm_reject_reason").isNotNull())
                .select("_tm_raw")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0)))
        .containsExactly(MALFORMED);

    assertThat(Tables.target(ws.targetPath()))
        .hasSize(4)
        .containsAll(first.stream().filter(l -> !l.startsWith("o-2|")).toList())
        .anySatisfy(l -> assertThat(l).startsWith("o-2|C|2026-01-01|shipped|"));
    assertThat(
            Tables.delta(ws.tables().quarantine().path())
                .where(functions.col("run_id").equalTo(run.runId()))
                .select("raw")
                .collectAsList())
        .singleElement()
        .satisfies(r -> assertThat(r.getString(0)).isEqualTo(MALFORMED));
    // Reconciled against the staged batch: the one row it changed is in the target as staged.
    assertThat(run.reconciled().orElseThrow().mismatchCount()).isZero();

    // Forced again: both files parse into the digests the ledger keeps; nothing is staged or
    // merged, the target and the ledger stay as they are, and the cut line is not quarantined
    // twice.
    long version = Tables.version(ws.targetPath());
    List<Interval> ledgerBefore =
        new IntervalLedger(TestSpark.session(), ws.tables()).read("orders", RANGE);
    RunOutcome again =
        ws.pipeline(clock, keepStaging).run(RunRequest.of(Optional.of(RANGE)).forced(true));
    assertThat(again).isInstanceOf(RunOutcome.Succeeded.class);
    RunRecord second =
        new RunLog(TestSpark.session(), ws.tables()).find(again.run().runId()).orElseThrow();
    assertThat(second.plan())
        .singleElement()
        .satisfies(f -> assertThat(f.action()).isEqualTo(FolderAction.VERIFIED));
    // Nothing read into a batch; every line of both files parsed and verified, the cut one too.
    assertThat(second.staged())
        .hasValueSatisfying(
            c -> {
              assertThat(c.rowsRead()).isZero();
              assertThat(c.rowsStaged()).isZero();
              assertThat(c.filesVerified()).isEqualTo(2);
              assertThat(c.rowsVerified()).isEqualTo(7);
            });
    assertThat(second.published().orElseThrow().merged()).isFalse();
    assertThat(staging).doesNotContainKey(second.runId());
    assertThat(Tables.version(ws.targetPath())).isEqualTo(version);
    assertThat(new IntervalLedger(TestSpark.session(), ws.tables()).read("orders", RANGE))
        .isEqualTo(ledgerBefore)
        .singleElement()
        .satisfies(i -> assertThat(i.runId()).isEqualTo(run.runId()));
    assertThat(
            Tables.delta(ws.tables().quarantine().path())
                .where(functions.col("run_id").equalTo(second.runId()))
                .count())
        .isZero();
  }

  private static String order(String id, String status, String time) {
    return "{\"order_id\":\""
        + id
        + "\",\"customer_id\":\"C\",\"order_date\":\""
        + DAY
        + "\",\"status\":\""
        + status
        + "\",\"amount\":1.00,\"currency\":\"EUR\",\"updated_at\":\""
        + DAY
        + "T"
        + time
        + ":00Z\",\"version\":1}";
  }
}

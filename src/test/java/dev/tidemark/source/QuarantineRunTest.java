package dev.tidemark.source;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.RunMode;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quarantine in whole runs: the ceiling stops a dirty run; a replay merges what now parses. */
class QuarantineRunTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 1);
  private static final String TRUNCATED = "{\"order_id\":\"ORD-3\",\"amount\":";

  @TempDir Path dir;

  private static String good(String id) {
    return order(id, DAY, "created", "10.00", "2026-01-01T10:00:00Z", 1);
  }

  @Test
  void aRunAboveTheCeilingFailsBeforePublishWithItsQuarantineWritten() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  quarantine.max-share = 0.25");
    ws.writeRaw(DAY, "part-0.json", good("ORD-1"), good("ORD-2"), TRUNCATED);

    Cli.Result result =
        Cli.run(
            ws,
            MutableClock.at(DAY),
            "run",
            "orders",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-01");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "Cannot publish: 33.3% of the rows read were quarantined (1 of 3), above"
                + " pipeline.quarantine.max-share = 0.25 (25.0%)");
    RunRecord run = new RunLog(TestSpark.session(), ws.tables()).recent("orders", 1).get(0);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.staged().orElseThrow().rowsQuarantined()).isEqualTo(1);
    assertThat(Tables.delta(ws.tables().quarantine().path()).collectAsList())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.<String>getAs("run_id")).isEqualTo(run.runId());
              assertThat(r.<String>getAs("raw")).isEqualTo(TRUNCATED);
            });
    assertThat(Path.of(ws.targetPath().replaceFirst("^file:", ""), "_delta_log")).doesNotExist();
    assertThat(new WatermarkStore(TestSpark.session(), ws.tables()).read("orders").landing())
        .isEmpty();
  }

  @Test
  void replayMergesRowsThatNowParseAndMarksThemLeavingTheRestWithTheirReason() {
    Workspace ws = Workspace.create(dir, false);
    String unquoted = good("ORD-2").replace("\"order_id\"", "order_id");
    String badAmount = order("ORD-4", DAY, "created", "\"abc\"", "2026-01-01T10:00:00Z", 1);
    ws.writeRaw(DAY, "part-0.json", good("ORD-1"), unquoted, TRUNCATED, badAmount);
    MutableClock clock = MutableClock.at(DAY);
    Cli.Result first =
        Cli.run(ws, clock, "run", "orders", "--from", "2026-01-01", "--to", "2026-01-01");
    assertThat(first.exitCode()).isZero();
    // The run log counts the quarantined rows by kind of reason.
    assertThat(first.out())
        .contains("3 quarantined", "; quarantined: 2 line is not a JSON object, 1 field amount");
    assertThat(Tables.target(ws.targetPath())).hasSize(1);

    // The upstream fix: the reader is told about the unquoted field names.
    ws.writePipeline(false, "  source.options { allowUnquotedFieldNames = \"true\" }");
    Cli.Result replay = Cli.run(ws, clock, "quarantine", "replay", "orders");

    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out())
        .contains(
            "3 quarantined rows parsed again: 1 now parse (1 staged after dedup), 2 still fail");
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-1|CUST-00001|2026-01-01|created|10.00|EUR|2026-01-01 10:00:00|1",
            "ORD-2|CUST-00001|2026-01-01|created|10.00|EUR|2026-01-01 10:00:00|1");
    RunRecord replayRun = new RunLog(TestSpark.session(), ws.tables()).recent("orders", 1).get(0);
    assertThat(replayRun.mode()).isEqualTo(RunMode.REPLAY);
    assertThat(replayRun.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(replayRun.staged().orElseThrow().rowsRead()).isEqualTo(3);
    assertThat(replayRun.staged().orElseThrow().rowsQuarantined()).isEqualTo(2);
    assertThat(replayRun.published().orElseThrow().inserted()).isEqualTo(1);

    List<Row> quarantine =
        Tables.delta(ws.tables().quarantine().path()).orderBy("raw").collectAsList();
    assertThat(quarantine).hasSize(3);
    assertThat(quarantine)
        .filteredOn(r -> r.getAs("replayed_at") != null)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.<String>getAs("raw")).isEqualTo(unquoted);
              assertThat(r.<String>getAs("replay_run_id")).isEqualTo(replayRun.runId());
            });
    assertThat(quarantine)
        .filteredOn(r -> r.getAs("replayed_at") == null)
        .extracting(r -> r.<String>getAs("reason"))
        .satisfiesExactlyInAnyOrder(
            reason -> assertThat(reason).startsWith("line is not a JSON object"),
            reason -> assertThat(reason).startsWith("field amount: 'abc' is not a DECIMAL(12,2)"));
    assertThat(Files.exists(Path.of(dir.toString(), "data/raw/orders/dt=2026-01-01/part-0.json")))
        .isTrue();
  }
}

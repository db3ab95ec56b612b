package dev.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.control.Interval;
import dev.tidemark.control.IntervalLedger;
import dev.tidemark.control.IntervalStatus;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import io.delta.tables.DeltaTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user calls them, in this JVM: output, exit codes and the tables they leave. */
class CliTest {
  private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
  private static final LocalDate LAST = LocalDate.of(2026, 1, 3);

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 10));

  @Test
  void runThenStatusAsJsonShowsTheRunAndTheWatermarks() throws Exception {
    Workspace ws = Workspace.create(dir);
    ws.generate(3, 150);

    Cli.Result run =
        Cli.run(ws, clock, "run", "orders", "--from", FIRST.toString(), "--to", LAST.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("succeeded", "plan ", "stage ", "publish ", "reconcile ", "commit ");

    Cli.Result status = Cli.run(ws, clock, "status", "orders", "--json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(status.out());
    assertThat(root.path("json_version").asInt()).isEqualTo(1);
    assertThat(root.path("breach_count").asInt()).isZero();
    assertThat(root.path("pipelines")).hasSize(1);
    JsonNode json = root.path("pipelines").get(0);
    assertThat(json.path("pipeline").asText()).isEqualTo("orders");
    assertThat(json.path("watermark").path("landing").asText()).isEqualTo(LAST.toString());
    assertThat(json.path("watermark").path("lag_seconds").asLong()).isPositive();
    JsonNode last = json.path("last_run");
    assertThat(last.path("status").asText()).isEqualTo("succeeded");
    assertThat(last.path("mode").asText()).isEqualTo("backfill");
    assertThat(last.path("rows").path("inserted").asLong())
        .isEqualTo(Tables.delta(ws.targetPath()).count());
    assertThat(last.path("reconciliation").path("mismatch_count").asLong()).isZero();
    assertThat(json.path("target").path("version").asLong())
        .isEqualTo(Tables.version(ws.targetPath()));

    Cli.Result text = Cli.run(ws, clock, "status", "orders");
    assertThat(text.out()).contains("landing watermark  " + LAST, "succeeded");

    // Forced: every file parsed again and found as published; the summary says so, with counts.
    long rows = last.path("rows").path("read").asLong();
    long files = last.path("input").path("files_read").asLong();
    Cli.Result forced =
        Cli.run(
            ws,
            clock,
            "run",
            "orders",
            "--from",
            FIRST.toString(),
            "--to",
            LAST.toString(),
            "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out())
        .contains(
            String.format(
                "0 staged; %,d rows in %d files parsed again and found as published, not merged"
                    + " again",
                rows, files));
  }

  @Test
  void planAndDryRunWriteNothing() {
    Workspace ws = Workspace.create(dir);
    ws.generate(3, 150);

    Cli.Result plan =
        Cli.run(ws, clock, "plan", "orders", "--from", FIRST.toString(), "--to", "2026-01-05");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains(
            "backfill 2026-01-01 .. 2026-01-05",
            "2026-01-03   read-all",
            "2026-01-04   missing",
            "2 dates up to 2026-01-05",
            "6 files to read");

    Cli.Result dry = Cli.run(ws, clock, "run", "orders", "--dry-run");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains(
            "nothing was written",
            "incremental 2026-01-01 .. 2026-01-10",
            "would audit  no quality checks configured",
            "a real run would pass its quality gates and publish");
    assertThat(Files.exists(ws.warehouse)).isFalse();
  }

  @Test
  void aReconciliationBreachExitsThreeKeepsThePublishAndHoldsTheWatermarks() throws Exception {
    Workspace ws = Workspace.create(dir);
    ws.generate(3, 150);
    assertThat(
            Cli.run(ws, clock, "run", "orders", "--from", FIRST.toString(), "--to", "2026-01-02")
                .exitCode())
        .isZero();
    Watermark before = new WatermarkStore(TestSpark.session(), ws.tables()).read("orders");

    // The golden source now disagrees with what the files say about every order.
    for (Path file : goldenFiles(ws)) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Files.writeString(file, text.replace("\"currency\":\"EUR\"", "\"currency\":\"CHF\""));
    }
    Cli.Result run =
        Cli.run(
            ws,
            clock,
            "run",
            "orders",
            "--from",
            LAST.toString(),
            "--to",
            LAST.toString(),
            "--json");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("reconciliation breached", "mismatched", "publish ");
    RunRecord row = new RunLog(TestSpark.session(), ws.tables()).recent("orders", 1).get(0);
    assertThat(row.status()).isEqualTo(RunStatus.BREACHED);
    assertThat(row.reconciled().orElseThrow().mismatched()).isPositive();
    // --json: stdout is the run, as the runs table holds it; the stage lines went to stderr.
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.path("run_id").asText()).isEqualTo(row.runId());
    assertThat(json.path("status").asText()).isEqualTo("breached");
    assertThat(json.path("reconciliation").path("mismatched").asLong())
        .isEqualTo(row.reconciled().orElseThrow().mismatched());
    assertThat(json.path("threshold_breaches").get(0).asText())
        .startsWith("threshold reconcile.max-mismatched: ");
    // The publish stands: the target has the day's orders.
    assertThat(
            Tables.delta(ws.targetPath())
                .where(functions.col("order_date").equalTo(LAST.toString()))
                .count())
        .isPositive();
    assertThat(new WatermarkStore(TestSpark.session(), ws.tables()).read("orders"))
        .isEqualTo(before);
    List<Interval> intervals =
        new IntervalLedger(TestSpark.session(), ws.tables())
            .read("orders", new DateRange(LAST, LAST));
    assertThat(intervals).extracting(Interval::status).containsExactly(IntervalStatus.UNVERIFIED);
  }

  @Test
  void reconcileOnDemandFindsATamperedTargetAndExitsThree() {
    Workspace ws = Workspace.create(dir);
    ws.generate(3, 150);
    assertThat(
            Cli.run(ws, clock, "run", "orders", "--from", FIRST.toString(), "--to", LAST.toString())
                .exitCode())
        .isZero();
    Cli.Result clean = Cli.run(ws, clock, "reconcile", "orders");
    assertThat(clean.exitCode()).as(clean.err()).isZero();
    assertThat(clean.out()).contains("passed", "missing 0, extra 0, mismatched 0");

    String victim =
        Tables.delta(ws.targetPath()).orderBy("order_id").select("order_id").first().getString(0);
    DeltaTable.forPath(TestSpark.session(), ws.targetPath())
        .delete(functions.col("order_id").equalTo(victim));
    Cli.Result breached = Cli.run(ws, clock, "reconcile", "orders");

    assertThat(breached.exitCode()).isEqualTo(3);
    assertThat(breached.out()).contains("BREACHED", "missing 1", "sample missing keys: " + victim);
    assertThat(
            TestSpark.session()
                .read()
                .format("delta")
                .load(ws.tables().reconciliation().path())
                .where(functions.col("status").equalTo("breached"))
                .count())
        .isEqualTo(1);
  }

  @Test
  void theDemoShowsANoOpRerunAndStartsOverWithReset() {
    Workspace ws = Workspace.create(dir);
    String[] small = {"demo", "--days", "3", "--rows-per-day", "100"};

    Cli.Result demo = Cli.run(ws, clock, small);
    assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out())
        .contains("== 4/4 summary", "The second run changed nothing", "target version")
        .doesNotContain("already holds data");
    assertThat(Files.isDirectory(ws.raw.resolve("dt=2026-01-03"))).isTrue();
    long rows = Tables.delta(ws.targetPath()).count();

    String[] reset = {"demo", "--days", "3", "--rows-per-day", "100", "--reset"};
    Cli.Result again = Cli.run(ws, clock, reset);
    assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("Reset: deleted", "The second run changed nothing");
    assertThat(Tables.delta(ws.targetPath()).count()).isEqualTo(rows);
    assertThat(new RunLog(TestSpark.session(), ws.tables()).recent("orders", 10)).hasSize(2);
  }

  @Test
  void aFailedRunPrintsOneMessageAndTheStackOnlyWithVerbose() throws Exception {
    Workspace ws = Workspace.create(dir);
    ws.generate(1, 50);
    // A file where the target table should be: Delta cannot create it.
    Files.createDirectories(Path.of(ws.targetPath().replace("file:", "")).getParent());
    Files.writeString(Path.of(ws.targetPath().replace("file:", "")), "not a table");

    Cli.Result quiet =
        Cli.run(ws, clock, "run", "orders", "--from", "2026-01-01", "--to", "2026-01-01");
    assertThat(quiet.exitCode()).isEqualTo(1);
    // Spark's AnalysisException is checked, and thrown undeclared: the run still ends as a
    // recorded failure, not with its row left at "running".
    RunRecord failed = new RunLog(TestSpark.session(), ws.tables()).recent("orders", 1).get(0);
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error().orElseThrow()).contains("is not a Delta table");
    assertThat(quiet.err())
        .startsWith("Run " + failed.runId() + " failed: ")
        .contains(ws.targetPath().replace("file:", ""), "is not a Delta table")
        .doesNotContain("\tat ");
    assertThat(quiet.err().lines().count()).isEqualTo(1);

    Cli.Result verbose =
        Cli.run(
            ws, clock, "run", "orders", "--from", "2026-01-01", "--to", "2026-01-01", "--verbose");
    assertThat(verbose.exitCode()).isEqualTo(1);
    assertThat(verbose.err()).contains("is not a Delta table", "\tat ");
  }

  @Test
  void statusListsWhatUnderTheSourceRootNoRunReads() throws Exception {
    Workspace ws = Workspace.create(dir);
    ws.writeRaw(
        FIRST,
        "a.json",
        Workspace.order("ORD-1", FIRST, "created", "1.00", "2026-01-01T10:00:00Z", 1));
    for (String stray :
        List.of(
            "backup/a.json", "dt_2026-01-31/a.json", "dt=latest/a.json", "notes.txt", "_SUCCESS")) {
      Files.createDirectories(ws.raw.resolve(stray).getParent());
      Files.writeString(ws.raw.resolve(stray), "{}\n");
    }

    Cli.Result text = Cli.run(ws, clock, "status", "orders");
    assertThat(text.out())
        .contains(
            "  not read           backup/, dt=latest/, dt_2026-01-31/, notes.txt: their names are"
                + " not dt=YYYY-MM-DD, so no run reads them");
    Cli.Result json = Cli.run(ws, clock, "status", "orders", "--json");
    assertThat(new ObjectMapper().readTree(json.out()).path("pipelines").get(0).path("unread"))
        .extracting(JsonNode::asText)
        .containsExactly("backup/", "dt=latest/", "dt_2026-01-31/", "notes.txt");
  }

  @Test
  void badUsageAndBadConfigurationExitTwoWithAMessageThatSaysWhatToFix() throws Exception {
    Workspace ws = Workspace.create(dir);

    Cli.Result onlyFrom = Cli.run(ws, clock, "run", "orders", "--from", "2026-01-01");
    assertThat(onlyFrom.exitCode()).isEqualTo(2);
    assertThat(onlyFrom.err()).contains("give both --from and --to");

    Cli.Result badDate =
        Cli.run(ws, clock, "run", "orders", "--from", "2026-13-01", "--to", "2026-01-02");
    assertThat(badDate.exitCode()).isEqualTo(2);
    assertThat(badDate.err()).contains("'2026-13-01' is not a date");

    Cli.Result unknown = Cli.run(ws, clock, "run", "ordrs");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Cannot find pipeline 'ordrs'", "orders");

    Path typo = dir.resolve("typo.conf");
    Files.writeString(typo, "pipeline.lookbak-days = 3\n");
    Cli.Result badKey = Cli.run(ws, clock, "run", "orders", "--config", typo.toString());
    assertThat(badKey.exitCode()).isEqualTo(2);
    assertThat(badKey.err()).contains("pipeline.lookbak-days", "typo.conf", "lookback-days");

    Path topLevel = dir.resolve("top-level.conf");
    Files.writeString(topLevel, "# tuning\npipline {\n  lookback-days = 3\n}\n");
    Cli.Result badRoot = Cli.run(ws, clock, "run", "orders", "--config", topLevel.toString());
    assertThat(badRoot.exitCode()).isEqualTo(2);
    assertThat(badRoot.err())
        .contains("unknown key pipline", "top-level.conf: 2", "did you mean pipeline?");
    assertThat(Files.exists(ws.warehouse)).isFalse();
  }

  private static List<Path> goldenFiles(Workspace ws) throws Exception {
    try (Stream<Path> files = Files.list(ws.golden)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
    }
  }
}

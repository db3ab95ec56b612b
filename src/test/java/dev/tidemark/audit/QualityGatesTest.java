package dev.tidemark.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.report.QualityCheck;
import dev.tidemark.report.ReportReader;
import dev.tidemark.stage.Staging;
import dev.tidemark.testing.Cli;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, quality gates: every check type on one tiny landing date. A first backfill fails only
 * warn checks and publishes; the same backfill forced, after a file with a bad row lands and the
 * clock moves on, fails three error checks and is rejected before publish with exit code 3, leaving
 * target, watermarks and the staging table as they were. A dry run of it just before says so.
 */
class QualityGatesTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 1);

  private static final String CHECKS =
      """
      quality.checks = [
        { type = unique, columns = [customer_id, order_date], severity = warn }
        { type = accepted_values, columns = [status], values = [placed, shipped], severity = warn }
        { type = not_null, columns = [customer_id, status] }
        { name = amount_not_negative, type = expression, expression = "amount >= 0" }
        { type = row_count, min = 1, max = 100, max-change-percent = 50 }
        { type = freshness, max-age = 2d }
      ]
      """;

  @TempDir static Path dir;

  private static Workspace ws;
  private static MutableClock clock;
  private static RunOutcome warned;
  private static Cli.Result dry;
  private static int runsAfterDry;
  private static long qualityRowsAfterDry;
  private static long versionAfterDry;
  private static Cli.Result rejected;
  private static String rejectedRunId;
  private static List<String> targetAfterFirst;
  private static long versionAfterFirst;
  private static Watermark watermarkAfterFirst;

  @BeforeAll
  static void twoBackfillsOfOneDay() {
    ws = Workspace.create(dir, false).writePipeline(false, CHECKS);
    ws.writeRaw(
        DAY,
        "a.json",
        order("o-1", "C1", "placed", "10.00", "08:00"),
        order("o-2", "C1", "shipped", "20.00", "08:30"),
        order("o-3", "C2", "lost", "5.00", "09:00"),
        order("o-4", "C3", "placed", "7.50", "09:00"));
    clock = MutableClock.at(DAY.plusDays(1));
    warned = ws.pipeline(clock).run(Optional.of(new DateRange(DAY, DAY)));
    targetAfterFirst = Tables.target(ws.targetPath());
    versionAfterFirst = Tables.version(ws.targetPath());
    watermarkAfterFirst = new WatermarkStore(TestSpark.session(), ws.tables()).read("orders");

    // Twice the rows (the row count changes by +100%), one with a negative amount, and events
    // four days old by the time the backfill runs again.
    ws.writeRaw(
        DAY,
        "b.json",
        order("o-5", "C4", "placed", "1.00", "10:00"),
        order("o-6", "C5", "placed", "2.00", "10:00"),
        order("o-7", "C6", "shipped", "3.00", "10:00"),
        order("o-8", "C7", "placed", "-3.00", "10:00"));
    clock.setDay(DAY.plusDays(4));
    // --force: reading the whole day again, not only the new file, is what makes the row count
    // comparable with the first run's.
    // A dry run first: it must say what the real run then does, and write nothing.
    dry = Cli.run(ws, clock, forced("--dry-run"));
    runsAfterDry = runs().size();
    qualityRowsAfterDry = ws.tables().quality().read(TestSpark.session()).count();
    versionAfterDry = Tables.version(ws.targetPath());
    rejected = Cli.run(ws, clock, forced());
    rejectedRunId = runs().get(0).runId();
  }

  @Test
  void warnFailuresAreRecordedAndTheRunPublishes() {
    assertThat(warned).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(warned.run().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(warned.run().stageMs()).containsKey("audit");
    assertThat(targetAfterFirst).hasSize(4);

    Map<String, Row> checks = qualityRows(warned.run().runId());
    assertThat(checks)
        .containsOnlyKeys(
            "unique_customer_id_order_date",
            "accepted_values_status",
            "not_null_customer_id_status",
            "amount_not_negative",
            "row_count",
            "freshness");
    Row unique = checks.get("unique_customer_id_order_date");
    assertThat(status(unique)).isEqualTo("warned");
    assertThat(unique.<Long>getAs("failing_rows")).isEqualTo(2);
    assertThat(unique.<String>getList(unique.fieldIndex("sample_keys")))
        .containsExactly("C1|2026-01-01");
    assertThat(unique.<String>getList(unique.fieldIndex("columns")))
        .containsExactly("customer_id", "order_date");
    Row accepted = checks.get("accepted_values_status");
    assertThat(status(accepted)).isEqualTo("warned");
    assertThat(accepted.<String>getAs("severity")).isEqualTo("warn");
    assertThat(accepted.<Long>getAs("failing_rows")).isEqualTo(1);
    assertThat(accepted.<String>getList(accepted.fieldIndex("sample_keys"))).containsExactly("o-3");
    for (String name :
        List.of("not_null_customer_id_status", "amount_not_negative", "row_count", "freshness")) {
      assertThat(status(checks.get(name))).as(name).isEqualTo("passed");
      assertThat(checks.get(name).<String>getAs("severity")).as(name).isEqualTo("error");
    }
    assertThat(checks.get("row_count").<Long>getAs("observed")).isEqualTo(4);
    assertThat(checks.get("row_count").<String>getAs("details"))
        .contains("no earlier published run of this range");
    // Newest event 2026-01-01T09:00Z, clock 2026-01-02T12:00Z: 27 hours.
    assertThat(checks.get("freshness").<Long>getAs("observed")).isBetween(27 * 3600L, 27 * 3601L);
  }

  @Test
  void anErrorFailureEndsTheRunBeforePublishWithExitCode3() {
    assertThat(rejected.exitCode()).as(rejected.err()).isEqualTo(3);
    String staging = ws.tables().stagingPath("orders", rejectedRunId);
    assertThat(rejected.err())
        .contains("Run " + rejectedRunId + " rejected by its quality gates")
        .contains("amount_not_negative (expression amount >= 0): 1 of 8 rows do not satisfy")
        .contains(
            "row_count (row_count min 1, max 100, max-change-percent 50): 8 rows staged, changed"
                + " more than 50%")
        .contains(
            "freshness (freshness max-age 2d): newest event 2026-01-01T10:00:00Z is 4d 2h old")
        .contains("Nothing was published and the watermarks did not move")
        .contains(staging);

    RunRecord run = runs().get(0);
    assertThat(run.status()).isEqualTo(RunStatus.REJECTED);
    assertThat(run.published()).isEmpty();
    assertThat(run.error().orElseThrow())
        .startsWith("quality gates failed: amount_not_negative")
        .contains("run " + warned.run().runId() + " of this range staged 4 (+100.0%")
        .contains("the staged batch is kept at " + staging);
    assertThat(run.thresholdBreaches())
        .hasSize(3)
        .allSatisfy(b -> assertThat(b).startsWith("quality check "));

    Map<String, Row> checks = qualityRows(rejectedRunId);
    assertThat(checks.values().stream().map(QualityGatesTest::status).toList())
        .containsExactly("warned", "warned", "passed", "failed", "failed", "failed");
    assertThat(
            checks
                .get("amount_not_negative")
                .<String>getList(checks.get("amount_not_negative").fieldIndex("sample_keys")))
        .containsExactly("o-8");
  }

  @Test
  void aDryRunFirstSaysWhichChecksWouldRejectTheRunAndWritesNothing() {
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("would audit  6 checks: 1 passed, 2 warned, 3 failed")
        .contains("warned unique_customer_id_order_date (unique on customer_id, order_date)")
        .contains("passed not_null_customer_id_status")
        .contains(
            "FAILED amount_not_negative (expression amount >= 0): 1 of 8 rows do not satisfy"
                + " amount >= 0; e.g. o-8")
        // row_count's change, against the first run as the runs log has it.
        .contains("run " + warned.run().runId() + " of this range staged 4 (+100.0%")
        .contains("FAILED freshness (freshness max-age 2d): newest event 2026-01-01T10:00:00Z")
        .contains(
            "a real run would be REJECTED, nothing published: quality checks"
                + " 'amount_not_negative' (pipeline.quality.checks[3]), 'row_count'"
                + " (pipeline.quality.checks[4]), 'freshness' (pipeline.quality.checks[5])"
                + " failed");
    // Nothing written: no run row, no quality rows, no target commit.
    assertThat(runsAfterDry).isEqualTo(1);
    assertThat(qualityRowsAfterDry).isEqualTo(6);
    assertThat(versionAfterDry).isEqualTo(versionAfterFirst);
    // The real run that follows is rejected by the same checks.
    assertThat(rejected.exitCode()).isEqualTo(3);
    assertThat(
            qualityRows(rejectedRunId).values().stream()
                .filter(r -> status(r).equals("failed"))
                .map(r -> r.<String>getAs("check_name"))
                .toList())
        .containsExactly("amount_not_negative", "row_count", "freshness");
  }

  @Test
  void statusFlagsTheRejectedLastRunWithExitCode3() {
    Cli.Result status = Cli.run(ws, clock, "status", "orders");
    assertThat(status.exitCode()).as(status.err()).isEqualTo(3);
    assertThat(status.out()).contains("last run           " + rejectedRunId + " rejected");
    assertThat(status.err())
        .contains(
            "orders: last run "
                + rejectedRunId
                + " was rejected by a quality check: nothing was published (",
            "amount_not_negative");
  }

  @Test
  void aRejectedRunLeavesTargetAndWatermarksAsTheyWereAndKeepsItsStaging() {
    assertThat(Tables.target(ws.targetPath())).isEqualTo(targetAfterFirst);
    assertThat(Tables.version(ws.targetPath())).isEqualTo(versionAfterFirst);
    assertThat(new WatermarkStore(TestSpark.session(), ws.tables()).read("orders"))
        .isEqualTo(watermarkAfterFirst);
    String staging = ws.tables().stagingPath("orders", rejectedRunId);
    assertThat(Files.isDirectory(Path.of(staging, "_delta_log"))).isTrue();
    assertThat(Staging.validRows(TestSpark.session(), staging).count()).isEqualTo(8);
  }

  @Test
  void theReportShowsTheChecksOfBothRunsNewestFirst() {
    List<QualityCheck> shown =
        ReportReader.quality(TestSpark.session(), ws.tables().quality(), "orders");
    assertThat(shown).hasSize(12);
    assertThat(shown.get(0).runId()).isEqualTo(rejectedRunId);
    assertThat(shown)
        .filteredOn(c -> c.runId().equals(rejectedRunId) && c.status().equals("failed"))
        .extracting(QualityCheck::check)
        .containsExactlyInAnyOrder("amount_not_negative", "row_count", "freshness");
  }

  @Test
  void anExpressionThatIsNotABooleanIsAConfigurationErrorBeforeTheRunStarts(@TempDir Path other) {
    Workspace bad =
        Workspace.create(other, false)
            .writePipeline(
                false, "quality.checks = [ { type = expression, expression = \"amount + 1\" } ]");
    Cli.Result result =
        Cli.run(bad, clock, "run", "orders", "--from", "2026-01-01", "--to", "2026-01-01");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err())
        .contains("Cannot use \"amount + 1\" as the expression of quality check 'expression_1'")
        .contains("pipeline.quality.checks[0].expression")
        .contains("allowed is a SQL boolean");
    assertThat(bad.tables().runs().exists(TestSpark.session())).isFalse();
  }

  private static String[] forced(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("run", "orders", "--from", DAY.toString(), "--to", DAY.toString(), "--force"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static List<RunRecord> runs() {
    return new RunLog(TestSpark.session(), ws.tables()).recent("orders", 10);
  }

  /** The run's quality rows by check name, in the order the checks are configured. */
  private static Map<String, Row> qualityRows(String runId) {
    List<Row> rows =
        ws.tables()
            .quality()
            .read(TestSpark.session())
            .where(functions.col("run_id").equalTo(runId))
            .collectAsList();
    List<String> order =
        List.of(
            "unique_customer_id_order_date",
            "accepted_values_status",
            "not_null_customer_id_status",
            "amount_not_negative",
            "row_count",
            "freshness");
    return rows.stream()
        .sorted(java.util.Comparator.comparing(r -> order.indexOf(r.<String>getAs("check_name"))))
        .collect(
            Collectors.toMap(
                r -> r.getAs("check_name"),
                Function.identity(),
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }

  private static String status(Row row) {
    return row.getAs("status");
  }

  private static String order(
      String id, String customer, String status, String amount, String time) {
    return "{\"order_id\":\""
        + id
        + "\",\"customer_id\":\""
        + customer
        + "\",\"order_date\":\""
        + DAY
        + "\",\"status\":\""
        + status
        + "\",\"amount\":"
        + amount
        + ",\"currency\":\"EUR\",\"updated_at\":\""
        + DAY
        + "T"
        + time
        + ":00Z\",\"version\":1}";
  }
}

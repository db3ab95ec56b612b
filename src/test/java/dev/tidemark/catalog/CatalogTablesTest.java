package dev.tidemark.catalog;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.plan.RunMode;
import dev.tidemark.table.TableRef;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target and control tables given as {@code spark_catalog} names. A child JVM backfills; this
 * JVM, a second process whose session catalog starts without the names, finds everything by name
 * ({@code status --json} and a read of the target). Then it runs every other command that touches
 * tables, by name: the rerun, history, plan, quarantine replay, reconcile, rollback and maintain.
 * The report is left out: it reads the control tables as status and history do, and each command
 * costs seconds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogTablesTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final String ORD1_PAID =
      "ORD-1|CUST-00001|2026-01-01|paid|10.00|EUR|2026-01-02 09:00:00|2";
  private static final String ORD2_CREATED =
      "ORD-2|CUST-00001|2026-01-01|created|20.00|EUR|2026-01-01 08:30:00|1";
  private static final String ORD3_CREATED =
      "ORD-3|CUST-00001|2026-01-02|created|30.00|EUR|2026-01-02 08:00:00|1";

  /** The session catalog is one per test JVM: a schema of its own keeps this class apart. */
  private static final String SCHEMA =
      "tm_catalog_" + UUID.randomUUID().toString().substring(0, 8).replace('-', '_');

  private static final String TARGET = "spark_catalog." + SCHEMA + ".orders";

  @TempDir static Path dir;
  private static Workspace ws;
  private static CliProcess.Result backfill;

  @BeforeAll
  static void backfillInAnotherProcess() throws Exception {
    ws = Workspace.create(dir, false);
    Files.writeString(
        ws.conf.resolve("test.conf"),
        String.join(
            "\n",
            "tidemark {",
            "  warehouse = \"" + ws.warehouse + "\"",
            "  control-schema = \"spark_catalog." + SCHEMA + "\"",
            "  spark { master = \"local[2]\", conf {",
            "    \"spark.ui.enabled\" = \"false\", \"spark.sql.shuffle.partitions\" = \"4\",",
            "    \"spark.databricks.delta.snapshotPartitions\" = \"1\" } }",
            "}",
            ""));
    writePipeline("");
    ws.writeRaw(
        D1,
        "a.json",
        order("ORD-1", D1, "created", "10.00", "2026-01-01T08:00:00Z", 1),
        order("ORD-2", D1, "created", "20.00", "2026-01-01T08:30:00Z", 1));
    String paid = order("ORD-1", D1, "paid", "10.00", "2026-01-02T09:00:00Z", 2);
    ws.writeRaw(
        D2,
        "a.json",
        paid,
        paid,
        // Quarantined until the reader is told about unquoted field names (the replay below).
        order("ORD-3", D2, "created", "30.00", "2026-01-02T08:00:00Z", 1)
            .replace("\"order_id\"", "order_id"));
    Path golden = ws.golden.resolve("current.json");
    Files.createDirectories(ws.golden);
    Files.writeString(
        golden,
        String.join(
            "\n",
            order("ORD-1", D1, "paid", "10.00", "2026-01-02T09:00:00Z", 2),
            order("ORD-2", D1, "created", "20.00", "2026-01-01T08:30:00Z", 1),
            order("ORD-3", D2, "created", "30.00", "2026-01-02T08:00:00Z", 1)));
    String[] common = {"--conf-dir=" + ws.conf, "--profile=test"};
    backfill =
        CliProcess.run(
            dir,
            "backfill",
            concat(new String[] {"run", "orders", "--from", "" + D1, "--to", "" + D2}, common));
  }

  @Test
  @Order(1)
  void aSecondProcessFindsTheTargetAndTheControlTablesByName() throws Exception {
    assertThat(backfill.exitCode()).as(backfill.err()).isZero();
    // This JVM is the second process: its session catalog starts without the names.
    Cli.Result status = Cli.run(ws, Clock.systemUTC(), "status", "orders", "--json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    JsonNode pipeline = new ObjectMapper().readTree(status.out()).get("pipelines").get(0);
    assertThat(pipeline.get("target").get("table").asText()).isEqualTo(TARGET);
    assertThat(pipeline.get("target").get("path").isNull()).isTrue();
    assertThat(pipeline.get("target").get("version").asLong()).isEqualTo(1);
    assertThat(pipeline.get("watermark").get("landing").asText()).isEqualTo(D2.toString());
    assertThat(pipeline.get("last_run").get("status").asText()).isEqualTo("succeeded");
    assertThat(pipeline.get("last_run").get("rows").get("quarantined").asLong()).isEqualTo(1);

    assertThat(target()).containsExactly(ORD1_PAID, ORD2_CREATED);
    assertThat(ref().read(spark()).groupBy("order_id").count().where("count > 1").count()).isZero();
    // Locally a spark_catalog name is a folder under the warehouse, found again by each process.
    assertThat(ws.warehouse.resolve("catalog/" + SCHEMA + ".db/orders/_delta_log")).isDirectory();
    assertThat(ws.warehouse.resolve("catalog/" + SCHEMA + ".db/runs/_delta_log")).isDirectory();
    assertThat(ws.warehouse.resolve("_tidemark/runs")).doesNotExist();
    assertThat(ControlStore.of(config().settings()).quarantine().read(spark()).count())
        .isEqualTo(1);
  }

  @Test
  @Order(2)
  void theRerunIsANoOpAndEveryCommandWorksByName() {
    // The child processes ran on the real clock: runs here are ordered after theirs.
    Clock clock = Clock.systemUTC();
    Cli.Result rerun = Cli.run(ws, clock, "run", "orders", "--from", "" + D1, "--to", "" + D2);
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(version()).isEqualTo(1);

    Cli.Result history = Cli.run(ws, clock, "history", "orders");
    assertThat(history.exitCode()).as(history.err()).isZero();
    Cli.Result plan = Cli.run(ws, clock, "plan", "orders", "--from", "" + D1, "--to", "" + D2);
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains(TARGET);
    assertThat(runs()).hasSize(2).allMatch(r -> r.status() == RunStatus.SUCCEEDED);

    // The upstream fix: the reader is told about unquoted field names; the replay merges ORD-3.
    writePipeline("  source.options { allowUnquotedFieldNames = \"true\" }\n");
    Cli.Result replay = Cli.run(ws, clock, "quarantine", "replay", "orders");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(target()).containsExactly(ORD1_PAID, ORD2_CREATED, ORD3_CREATED);

    Cli.Result reconcile = Cli.run(ws, clock, "reconcile", "orders");
    assertThat(reconcile.exitCode()).as(reconcile.out() + reconcile.err()).isZero();

    String replayRun = runs().get(0).runId();
    Cli.Result rollback = Cli.run(ws, clock, "rollback", "orders", "--run", replayRun);
    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(target()).containsExactly(ORD1_PAID, ORD2_CREATED);
    assertThat(runs().get(0).mode()).isEqualTo(RunMode.ROLLBACK);

    Cli.Result maintain = Cli.run(ws, clock, "maintain", "orders");
    assertThat(maintain.exitCode()).as(maintain.err()).isZero();
    assertThat(maintain.out()).contains(TARGET, "spark_catalog." + SCHEMA + ".runs");
    assertThat(target()).containsExactly(ORD1_PAID, ORD2_CREATED);
  }

  private static void writePipeline(String extra) {
    ws.writePipeline(
        false,
        "  target.table = \""
            + TARGET
            + "\"\n  reconcile.golden { path = \""
            + ws.golden
            + "\", format = json }\n"
            + extra);
  }

  private static List<String> target() {
    return Tables.contents(ref().read(spark()));
  }

  private static long version() {
    return ref().delta(spark()).history(1).first().getLong(0);
  }

  private static TableRef ref() {
    return config().pipeline().target();
  }

  private static List<RunRecord> runs() {
    return new RunLog(spark(), ControlStore.of(config().settings())).recent("orders", 10);
  }

  private static TidemarkConfig config() {
    return ws.config();
  }

  private static SparkSession spark() {
    return TestSpark.session();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}

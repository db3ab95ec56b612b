package dev.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.config.Settings;
import dev.tidemark.control.RunRecord;
import dev.tidemark.report.Durations;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.RunHistory;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * history and status, as text and JSON, against the control tables that real runs left: a backfill,
 * incremental runs, a no-op, a run that breached the lag threshold and a failed run.
 */
class EvidenceCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Workspace ws;
  private static List<Row> runsTable;

  @BeforeAll
  static void history() {
    ws = RunHistory.workspace();
    runsTable =
        Tables.delta(ws.tables().runs().path())
            .orderBy(functions.col("started_at").desc())
            .collectAsList();
  }

  @Test
  void historyJsonHoldsEveryRunAsTheRunsTableDoes() throws Exception {
    Cli.Result result = Cli.run(ws, RunHistory.clock(), "history", "orders", "--json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode root = JSON.readTree(result.out());
    assertThat(root.path("json_version").asInt()).isEqualTo(1);
    JsonNode runs = root.path("runs");
    assertThat(runs).hasSize(5);
    assertThat(statuses(runs))
        .containsExactly("failed", "breached", "succeeded", "succeeded", "succeeded");
    assertThat(runs.get(4).path("mode").asText()).isEqualTo("backfill");
    for (int i = 0; i < runs.size(); i++) {
      JsonNode run = runs.get(i);
      Row row = runsTable.get(i);
      assertThat(run.path("run_id").asText()).isEqualTo(row.getAs("run_id"));
      assertThat(run.path("duration_ms").asLong()).isEqualTo(row.<Long>getAs("duration_ms"));
      assertThat(nullable(run.path("rows").path("read"))).isEqualTo(row.getAs("rows_read"));
      assertThat(nullable(run.path("rows").path("inserted"))).isEqualTo(row.getAs("rows_inserted"));
      assertThat(nullable(run.path("rows").path("updated"))).isEqualTo(row.getAs("rows_updated"));
      assertThat(nullable(run.path("watermark").path("lag_seconds")))
          .isEqualTo(row.getAs("watermark_lag_seconds"));
      assertThat(nullable(run.path("target_files").path("added")))
          .isEqualTo(row.getAs("files_added"));
      assertThat(run.path("tidemark_version").asText()).isEqualTo(row.getAs("tidemark_version"));
      assertThat(run.path("config_hash").asText()).isEqualTo(row.getAs("config_hash"));
      assertThat(row.<Integer>getAs("schema_version")).isEqualTo(RunRecord.SCHEMA_VERSION);
      assertThat(nullable(run.path("rows").path("nothing_to_delete")))
          .isEqualTo(row.getAs("rows_nothing_to_delete"));
      assertThat(nullable(run.path("rows").path("verified"))).isEqualTo(row.getAs("rows_verified"));
    }

    JsonNode backfill = runs.get(4);
    assertThat(backfill.path("rows").path("inserted").asLong()).isPositive();
    assertThat(backfill.path("reconciliation").path("mismatch_count").asLong()).isZero();
    assertThat(backfill.path("target_duplicate_keys_per_1000").asDouble()).isZero();
    assertThat(backfill.path("duplicate_keys_per_1000").asDouble()).isPositive();
    assertThat(backfill.path("stage_ms").fieldNames())
        .toIterable()
        .containsExactly("plan", "stage", "publish", "reconcile", "commit");

    JsonNode noOp = runs.get(2);
    assertThat(noOp.path("target_version").path("before").asLong())
        .isEqualTo(noOp.path("target_version").path("after").asLong());

    JsonNode breached = runs.get(1);
    assertThat(breached.path("error").asText()).contains("thresholds.max-lag", "> 1h 0m");
    assertThat(breached.path("threshold_breaches").get(0).asText())
        .startsWith("threshold thresholds.max-lag: ");
    assertThat(breached.path("watermark").path("landing_after").asText())
        .as("an operational breach lets the watermark move")
        .isEqualTo("2026-01-05");

    JsonNode failed = runs.get(0);
    assertThat(failed.path("error").asText()).contains("injected failure after stage");
    assertThat(failed.path("rows").path("inserted").isNull()).isTrue();
    assertThat(failed.path("watermark").path("landing_after").asText()).isEqualTo("2026-01-05");
  }

  @Test
  void historyTextShowsTheLastRunsWithTheirErrors() {
    Cli.Result result = Cli.run(ws, RunHistory.clock(), "history", "orders", "--last", "2");
    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(0)).contains("run id", "status", "inserted", "mismatch", "lag");
    assertThat(lines.get(1)).startsWith(runsTable.get(0).getAs("run_id")).contains("failed");
    assertThat(lines.get(2)).contains("injected failure after stage");
    assertThat(lines.get(3)).startsWith(runsTable.get(1).getAs("run_id")).contains("breached");
    assertThat(result.out()).doesNotContain(runsTable.get(2).<String>getAs("run_id"));
  }

  @Test
  void statusJsonShowsGapsStaleDatesP95AndTheBreachedLag() throws Exception {
    Cli.Result result = Cli.run(ws, RunHistory.clock(), "status", "--json");
    assertThat(result.exitCode())
        .as("the last run failed: 1, which outranks the breached threshold's 3")
        .isEqualTo(1);
    JsonNode root = JSON.readTree(result.out());
    assertThat(root.path("breach_count").asInt()).isEqualTo(1);
    JsonNode orders = root.path("pipelines").get(0);
    assertThat(texts(orders.path("gaps")))
        .containsExactly(RunHistory.FAILED_DATE.toString(), RunHistory.GAP_DATE.toString());
    assertThat(texts(orders.path("stale"))).containsExactly(RunHistory.STALE_DATE.toString());

    Row watermark = Tables.delta(ws.tables().watermarks().path()).first();
    Instant event = watermark.<java.sql.Timestamp>getAs("event_watermark").toInstant();
    long lag = orders.path("watermark").path("lag_seconds").asLong();
    assertThat(lag)
        .isBetween(
            Duration.between(event, RunHistory.clock().instant()).toSeconds() - 1,
            Duration.between(event, RunHistory.clock().instant()).toSeconds() + 1);
    JsonNode breach = orders.path("breaches").get(0);
    assertThat(breach.path("threshold").asText()).isEqualTo("thresholds.max-lag");
    assertThat(breach.path("value").asText()).isEqualTo(Durations.human(Duration.ofSeconds(lag)));
    assertThat(breach.path("limit").asText()).isEqualTo("1h 0m");

    // The p95 per kind of run, from the runs table: the mode, or no-op for a run that read no row.
    Map<String, List<Long>> byKind = new LinkedHashMap<>();
    for (Row row : runsTable) {
      if ("succeeded".equals(row.getAs("status"))) {
        String mode = row.getAs("mode");
        Long read = row.getAs("rows_read");
        boolean noOp =
            List.of("incremental", "backfill").contains(mode) && Long.valueOf(0).equals(read);
        byKind
            .computeIfAbsent(noOp ? "no-op" : mode, k -> new ArrayList<>())
            .add(row.getAs("duration_ms"));
      }
    }
    Map<String, List<Long>> shown = new LinkedHashMap<>();
    JsonNode runtime = orders.path("runtime");
    for (JsonNode kind : runtime.path("by_kind")) {
      shown.put(
          kind.path("kind").asText(),
          List.of(kind.path("p95_ms").asLong(), kind.path("runs").asLong()));
    }
    Map<String, List<Long>> expected = new LinkedHashMap<>();
    byKind.forEach(
        (kind, durations) -> {
          List<Long> sorted = durations.stream().sorted().toList();
          expected.put(
              kind,
              List.of(sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1), (long) sorted.size()));
        });
    assertThat(shown).containsExactlyEntriesOf(expected);
    String newest = expected.keySet().iterator().next();
    assertThat(runtime.path("kind").asText()).isEqualTo(newest);
    assertThat(runtime.path("p95_ms").asLong()).isEqualTo(expected.get(newest).get(0));
    assertThat(orders.path("last_run").path("status").asText()).isEqualTo("failed");
  }

  @Test
  void statusTextNamesTheThresholdWithValueAndLimit() {
    Cli.Result result = Cli.run(ws, RunHistory.clock(), "status", "orders");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains(
            "gaps               2026-01-07, 2026-01-09 (2 dates)",
            "stale              2026-01-02 (1 date)",
            "BREACH             threshold thresholds.max-lag: ",
            "> 1h 0m",
            "last run           " + runsTable.get(0).getAs("run_id") + " failed");
    // One style for a lag wherever it is written: the watermark line and the breach agree.
    String out = result.out();
    String lag = between(out, "(lag ", ")");
    assertThat(between(out, "thresholds.max-lag: ", " > ")).isEqualTo(lag);
    assertThat(result.err())
        .contains(
            "orders: threshold thresholds.max-lag: ",
            "orders: last run "
                + runsTable.get(0).getAs("run_id")
                + " failed: nothing it read was published, and the next run reads it again once"
                + " the cause is fixed (",
            "injected failure after stage");
  }

  @Test
  void statusHistoryAndPlanStartNoSparkWhenTheTablesArePaths() {
    Function<Settings, SparkSession> noSpark =
        settings -> {
          throw new AssertionError("status, history and plan must not start Spark here");
        };

    Cli.Result status = Cli.run(ws, "test", noSpark, RunHistory.clock(), "status", "orders");
    Cli.Result history = Cli.run(ws, "test", noSpark, RunHistory.clock(), "history", "orders");
    Cli.Result plan = Cli.run(ws, "test", noSpark, RunHistory.clock(), "plan", "orders");

    assertThat(status.out()).contains("landing watermark  2026-01-0", "last run ");
    assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCodes.FAILED);
    assertThat(status.err()).doesNotContain("must not start Spark");
    assertThat(history.exitCode()).as(history.err()).isZero();
    assertThat(history.out()).contains(runsTable.get(0).<String>getAs("run_id"));
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("incremental", "unchanged");
  }

  private static String between(String text, String before, String after) {
    int start = text.indexOf(before) + before.length();
    return text.substring(start, text.indexOf(after, start));
  }

  private static List<String> statuses(JsonNode runs) {
    List<String> result = new ArrayList<>();
    runs.forEach(r -> result.add(r.path("status").asText()));
    return result;
  }

  private static List<String> texts(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(n -> result.add(n.asText()));
    return result;
  }

  private static Object nullable(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? null : node.asLong();
  }
}

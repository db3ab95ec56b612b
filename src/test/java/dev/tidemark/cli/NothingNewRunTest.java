package dev.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.config.Settings;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental run that finds nothing new ends without starting Spark and writes the row a run
 * with Spark writes; anything more than that row goes to Spark.
 */
class NothingNewRunTest {
  private static final Function<Settings, SparkSession> NO_SPARK =
      settings -> {
        throw new AssertionError("a run that finds nothing new must not start Spark here");
      };

  /** Columns that differ between any two runs: their id, their times. */
  private static final List<String> OWN =
      List.of("run_id", "started_at", "ended_at", "duration_ms", "stage_ms");

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 10));

  @Test
  void writesTheRowARunWithSparkWritesWithoutStartingIt() {
    Workspace ws = Workspace.create(dir);
    ws.generate(3, 150);
    assertThat(Cli.run(ws, clock, "run", "orders").exitCode()).isZero();
    long targetVersion = Tables.version(ws.targetPath());

    Cli.Result quick = Cli.run(ws, "test", NO_SPARK, clock, "run", "orders");
    assertThat(quick.exitCode()).as(quick.err()).isZero();
    assertThat(quick.out())
        .contains("plan ", "nothing new to read", "nothing to publish", "commit ", "succeeded")
        .doesNotContain("must not start Spark");
    // The same no-op, as a run with Spark makes it.
    RunOutcome spark = ws.pipeline(clock).run(Optional.empty());
    assertThat(spark).isInstanceOf(RunOutcome.Succeeded.class);

    List<Row> noops = runs(ws).stream().filter(r -> r.getAs("rows_read") == null).toList();
    assertThat(noops).hasSize(2);
    assertThat(noops.get(0).<String>getAs("status")).isEqualTo("succeeded");
    assertThat(noops.get(0).<Long>getAs("target_version_after")).isEqualTo(targetVersion);
    assertThat(comparable(noops.get(0))).isEqualTo(comparable(noops.get(1)));
    assertThat(Tables.version(ws.targetPath())).isEqualTo(targetVersion);

    // Both read back as the same run through the run log and the history command.
    RunRecord quickRun =
        new RunLog(TestSpark.session(), ws.tables())
            .find(noops.get(0).getAs("run_id"))
            .orElseThrow();
    assertThat(quickRun.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(quickRun.plan()).isEqualTo(spark.run().plan());
    Cli.Result history = Cli.run(ws, "test", NO_SPARK, clock, "history", "orders");
    assertThat(history.out()).contains(quickRun.runId(), spark.run().runId());
  }

  @Test
  void withTheLateFileSearchOnceADayTheRunsBetweenSkipItAndSaySo() throws Exception {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  late-files.search-every = 24h\n");
    ws.generate(3, 150);
    Path record = Path.of(ws.tables().locksPath(), "orders.late-search");

    assertThat(Cli.run(ws, clock, "run", "orders").exitCode()).isZero();
    String searched = Files.readString(record);

    // An hour later, without Spark: no search, and the plan line says when the next one is due.
    clock.advanceSeconds(3600);
    Cli.Result between = Cli.run(ws, "test", NO_SPARK, clock, "run", "orders");
    assertThat(between.exitCode()).as(between.err()).isZero();
    assertThat(between.out())
        .contains(
            "older folders not searched this run (late-files.search-every), next search after "
                + Instant.parse(searched).plus(Duration.ofHours(24)));
    assertThat(Files.readString(record)).isEqualTo(searched);

    // A day later it is due: this run searches every folder, and records it.
    clock.advanceSeconds(24 * 3600);
    Cli.Result due = Cli.run(ws, "test", NO_SPARK, clock, "run", "orders");
    assertThat(due.exitCode()).as(due.err()).isZero();
    assertThat(due.out()).contains("succeeded").doesNotContain("not searched");
    assertThat(Instant.parse(Files.readString(record))).isAfter(Instant.parse(searched));
  }

  @Test
  void aRunWithFilesToReadStartsSparkAndReadsThem() {
    Workspace ws = Workspace.create(dir, false); // no golden source: it would not know the order
    ws.generate(3, 150);
    assertThat(Cli.run(ws, clock, "run", "orders").exitCode()).isZero();
    ws.writeRaw(
        LocalDate.of(2026, 1, 4),
        "orders.json",
        Workspace.order(
            "ORD-NEW", LocalDate.of(2026, 1, 4), "placed", "5.00", "2026-01-04T08:00:00Z", 1));

    AtomicInteger sessions = new AtomicInteger();
    Cli.Result run = runCountingSessions(ws, sessions);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sessions).hasValue(1);
    assertThat(run.out()).contains("rows        1 read");
    // The look without Spark printed nothing of its own: one plan, the Spark run's.
    assertThat(run.out().lines().filter(l -> l.contains("folders to read"))).hasSize(1);
    assertThat(Tables.target(ws.targetPath())).anyMatch(r -> r.startsWith("ORD-NEW|"));
  }

  @Test
  void aRunThatDiedIsRepairedWithSpark() {
    Workspace ws = Workspace.create(dir);
    ws.generate(3, 150);
    assertThat(Cli.run(ws, clock, "run", "orders").exitCode()).isZero();
    RunLog log = new RunLog(TestSpark.session(), ws.tables());
    RunRecord first = log.recent("orders", 1).get(0);
    // A run killed before it published: its row still says running.
    RunRecord dead =
        new RunRecord(
            "r-20260110-000001-dead00",
            "orders",
            first.mode(),
            first.rangeFrom(),
            first.rangeTo(),
            RunStatus.RUNNING,
            Optional.empty(),
            first.startedAt().plusSeconds(60),
            Optional.empty(),
            Map.of(),
            first.plan(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            first.tidemarkVersion(),
            first.configHash(),
            List.of(),
            Optional.empty());
    log.write(dead);

    AtomicInteger sessions = new AtomicInteger();
    Cli.Result run = runCountingSessions(ws, sessions);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sessions).hasValue(1);
    RunRecord repaired = log.find(dead.runId()).orElseThrow();
    assertThat(repaired.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(repaired.error()).contains("interrupted before publish; the target was not changed");
  }

  /** {@code tidemark run orders}, counting the Spark sessions it starts. */
  private Cli.Result runCountingSessions(Workspace ws, AtomicInteger sessions) {
    return Cli.run(
        ws,
        "test",
        settings -> {
          sessions.incrementAndGet();
          return TestSpark.session();
        },
        clock,
        "run",
        "orders");
  }

  /** A run row without the columns every run has its own value of. */
  private static Map<String, Object> comparable(Row row) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String column : row.schema().fieldNames()) {
      if (!OWN.contains(column)) {
        values.put(column, row.getAs(column));
      }
    }
    return values;
  }

  private static List<Row> runs(Workspace ws) {
    return Tables.delta(ws.tables().runs().path())
        .orderBy(functions.col("started_at"), functions.col("run_id"))
        .collectAsList();
  }
}

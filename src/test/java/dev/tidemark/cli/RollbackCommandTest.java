package dev.tidemark.cli;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.control.Interval;
import dev.tidemark.control.IntervalLedger;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.RunMode;
import dev.tidemark.testing.Cli;
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
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tidemark rollback}: restores the target to its version before a run, records it, makes the
 * next run read the run's dates again; refuses, naming them, while later runs committed.
 */
class RollbackCommandTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final String ORD1_CREATED =
      "ORD-1|CUST-00001|2026-01-01|created|10.00|EUR|2026-01-01 08:00:00|1";
  private static final String ORD1_PAID =
      "ORD-1|CUST-00001|2026-01-01|paid|10.00|EUR|2026-01-02 09:00:00|2";
  private static final String ORD2_CREATED =
      "ORD-2|CUST-00001|2026-01-02|created|20.00|EUR|2026-01-02 08:00:00|1";

  @TempDir Path dir;

  @Test
  void rollsBackTheLastRunOnlyAndTheNextRunPublishesItsDatesAgain() {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(D1, "a.json", order("ORD-1", D1, "created", "10.00", "2026-01-01T08:00:00Z", 1));
    ws.writeRaw(
        D2,
        "a.json",
        order("ORD-1", D1, "paid", "10.00", "2026-01-02T09:00:00Z", 2),
        order("ORD-2", D2, "created", "20.00", "2026-01-02T08:00:00Z", 1));
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 5));
    String first = succeeded(ws.pipeline(clock).run(Optional.of(new DateRange(D1, D1))));
    String second = succeeded(ws.pipeline(clock).run(Optional.of(new DateRange(D2, D2))));
    List<String> afterBoth = List.of(ORD1_PAID, ORD2_CREATED);
    assertThat(Tables.target(ws.targetPath())).isEqualTo(afterBoth);

    Cli.Result refused = Cli.run(ws, clock, "rollback", "orders", "--run", first);
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.err())
        .contains("Cannot roll back run " + first + " of 'orders': later runs committed")
        .contains(second + " (version ")
        .contains("Roll those back first");
    assertThat(Tables.target(ws.targetPath())).isEqualTo(afterBoth);

    Cli.Result unknown = Cli.run(ws, clock, "rollback", "orders", "--run", "r-nope");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("Cannot roll back run r-nope", "has no such run");

    long versionBeforeSecond =
        new RunLog(TestSpark.session(), ws.tables())
            .find(second)
            .orElseThrow()
            .published()
            .orElseThrow()
            .versionBefore();
    Cli.Result done = Cli.run(ws, clock, "rollback", "orders", "--run", second);

    assertThat(done.exitCode()).as(done.err()).isEqualTo(ExitCodes.OK);
    assertThat(done.out())
        .contains(
            "Rolled back run " + second,
            "target restored to version " + versionBeforeSecond,
            "Landing dates 2026-01-02..2026-01-02 marked unverified");
    assertThat(Tables.target(ws.targetPath())).containsExactly(ORD1_CREATED);
    RunRecord rollback =
        new RunLog(TestSpark.session(), ws.tables())
            .recent("orders", 10).stream()
                .filter(r -> r.mode() == RunMode.ROLLBACK)
                .findFirst()
                .orElseThrow();
    assertThat(rollback.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rollback.error()).hasValueSatisfying(e -> assertThat(e).contains(second));
    assertThat(rollback.published().orElseThrow().versionAfter())
        .isEqualTo(Tables.version(ws.targetPath()));
    Row restore = DeltaTable.forPath(TestSpark.session(), ws.targetPath()).history(1).first();
    assertThat(restore.<String>getAs("operation")).isEqualTo("RESTORE");
    assertThat(restore.<String>getAs("userMetadata")).isEqualTo(rollback.runId());
    assertThat(ledger(ws))
        .isEqualTo(Map.of(D1, "processed " + first, D2, "unverified " + rollback.runId()));
    Watermark watermark = new WatermarkStore(TestSpark.session(), ws.tables()).read("orders");
    assertThat(watermark.landing()).contains(D1);
    assertThat(watermark.event()).contains(Instant.parse("2026-01-01T08:00:00Z"));

    // The rollback is a commit to the target too: the first run cannot be rolled back under it.
    Cli.Result underRollback = Cli.run(ws, clock, "rollback", "orders", "--run", first);
    assertThat(underRollback.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(underRollback.err()).contains(rollback.runId() + " (version ", "RESTORE");

    // The next incremental run reads the rolled-back date again.
    String next = succeeded(ws.pipeline(clock).run(Optional.empty()));
    assertThat(Tables.target(ws.targetPath())).isEqualTo(afterBoth);
    assertThat(ledger(ws)).containsEntry(D2, "processed " + next);
  }

  private static String succeeded(RunOutcome outcome) {
    assertThat(outcome)
        .as(outcome.run().error().orElse(""))
        .isInstanceOf(RunOutcome.Succeeded.class);
    return outcome.run().runId();
  }

  private static Map<LocalDate, String> ledger(Workspace ws) {
    return new IntervalLedger(TestSpark.session(), ws.tables())
        .all("orders").stream()
            .collect(
                Collectors.toMap(Interval::landingDate, i -> i.status().label() + " " + i.runId()));
  }
}

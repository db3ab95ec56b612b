package dev.tidemark.deletes;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.plan.DateRange;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An order whose date is corrected changes target partition. Without partition-may-change its old
 * row stays and reconcile reports the key held twice; with it, the MERGE moves the row.
 */
class PartitionChangeTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D5 = D1.plusDays(4);

  @TempDir Path dir;

  /** Publishes ORD-1 and ORD-2 dated D1, then a correction of ORD-1 to D5, landing on D2. */
  private RunOutcome correctTheDate(Workspace ws) {
    MutableClock clock = MutableClock.at(D2.plusDays(1));
    ws.writeRaw(
        D1,
        "a.json",
        order("ORD-1", D1, "created", "10.00", "2026-01-01T08:00:00.000Z", 1),
        order("ORD-2", D1, "created", "20.00", "2026-01-01T08:00:00.000Z", 1));
    ws.writeRaw(
        D2, "a.json", order("ORD-1", D5, "created", "10.00", "2026-01-02T08:00:00.000Z", 2));
    assertThat(ws.pipeline(clock).run(Optional.of(new DateRange(D1, D1))))
        .isInstanceOf(RunOutcome.Succeeded.class);
    return ws.pipeline(clock).run(Optional.of(new DateRange(D2, D2)));
  }

  @Test
  void withoutTheFlagTheOldRowStaysAndReconcileReportsTheKey() {
    Workspace ws = Workspace.create(dir, false);

    RunOutcome outcome = correctTheDate(ws);

    assertThat(outcome).isInstanceOf(RunOutcome.Breached.class);
    assertThat(outcome.run().error().orElseThrow())
        .contains("target duplicate keys 1 > thresholds.max-target-duplicate-keys 0")
        .contains("keys held by more than one row: ORD-1");
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-1|CUST-00001|2026-01-01|created|10.00|EUR|2026-01-01 08:00:00|1",
            "ORD-1|CUST-00001|2026-01-05|created|10.00|EUR|2026-01-02 08:00:00|2",
            "ORD-2|CUST-00001|2026-01-01|created|20.00|EUR|2026-01-01 08:00:00|1");
    assertThat(
            TestSpark.session()
                .read()
                .format("delta")
                .load(ws.tables().reconciliation().path())
                .where("run_id = '" + outcome.run().runId() + "'")
                .select("target_duplicate_keys")
                .first()
                .getLong(0))
        .isEqualTo(1);
  }

  @Test
  void withTheFlagTheMergeMovesTheRow() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  partition-may-change = true");

    RunOutcome outcome = correctTheDate(ws);

    assertThat(outcome).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-1|CUST-00001|2026-01-05|created|10.00|EUR|2026-01-02 08:00:00|2",
            "ORD-2|CUST-00001|2026-01-01|created|20.00|EUR|2026-01-01 08:00:00|1");
    PublishCounts published = outcome.run().published().orElseThrow();
    assertThat(published.updated()).as("a move is an update").isEqualTo(1);
    assertThat(published.inserted()).isZero();
    assertThat(published.deleted()).isZero();
  }
}

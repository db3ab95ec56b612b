package dev.tidemark.deletes;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.RunRequest;
import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.plan.DateRange;
import dev.tidemark.publish.MergeExecutor;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tombstones of a change feed, as one history of runs on one target (each step builds on the one
 * before, which keeps the number of pipeline runs low): the newest tombstone deletes its key, an
 * older one never deletes a newer row, a late older version does not bring a deleted key back while
 * its tombstone is remembered, and after the retention the tombstone is purged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TombstonesTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final LocalDate D4 = D1.plusDays(3);

  @TempDir static Path dir;
  private Workspace ws;
  private MutableClock clock;

  @BeforeAll
  void createdOrders() {
    ws = Workspace.create(dir, false);
    ws.writePipeline(
        false,
        "  deletes { op-column = status, delete-values = [deleted], tombstone-retention = 2d }");
    clock = MutableClock.at(D2);
    ws.writeRaw(
        D1,
        "a.json",
        order("ORD-1", D1, "created", "10.00", "2026-01-01T08:00:00.000Z", 1),
        order("ORD-2", D1, "created", "20.00", "2026-01-01T08:00:00.000Z", 1),
        order("ORD-3", D1, "created", "30.00", "2026-01-01T08:00:00.000Z", 1));
    assertThat(run(D1)).isInstanceOf(RunOutcome.Succeeded.class);
  }

  @Test
  @Order(1)
  void theNewestTombstoneDeletesAndAnOlderOneNeverDeletesANewerRow() {
    ws.writeRaw(
        D2,
        "a.json",
        // Newest version of ORD-1: deleted.
        order("ORD-1", D1, "deleted", "10.00", "2026-01-01T09:00:00.000Z", 2),
        // ORD-2 deleted, then updated after: the update is the newest version.
        order("ORD-2", D1, "deleted", "20.00", "2026-01-01T09:00:00.000Z", 2),
        order("ORD-2", D1, "paid", "20.00", "2026-01-01T10:00:00.000Z", 3),
        // A tombstone older than the target's ORD-3.
        order("ORD-3", D1, "deleted", "30.00", "2026-01-01T07:00:00.000Z", 0),
        // A tombstone of a key the target never had: nothing to delete, still remembered.
        order("ORD-4", D1, "deleted", "40.00", "2026-01-01T09:00:00.000Z", 2));
    // A dry run first counts what the run then does: the tombstone that wins is a delete, not an
    // update or an insert.
    MergeExecutor.Classification dry =
        ws.pipeline(clock).dryRun(RunRequest.of(Optional.of(new DateRange(D2, D2)))).changes();
    RunOutcome outcome = run(D2);

    // Succeeded: reconciliation against the staged batch counts the tombstones as absent keys.
    assertThat(outcome).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-2|CUST-00001|2026-01-01|paid|20.00|EUR|2026-01-01 10:00:00|3",
            "ORD-3|CUST-00001|2026-01-01|created|30.00|EUR|2026-01-01 08:00:00|1");
    PublishCounts published = outcome.run().published().orElseThrow();
    assertThat(published.deleted()).as("deleted").isEqualTo(1);
    assertThat(published.updated()).as("updated").isEqualTo(1);
    assertThat(published.inserted()).as("inserted").isZero();
    assertThat(published.stale()).as("older than the target").isEqualTo(1);
    // The target held no ORD-4: its tombstone deleted nothing, and nothing was unchanged either.
    assertThat(published.unchanged()).as("unchanged").isZero();
    assertThat(published.nothingToDelete()).as("tombstone of an absent key").isEqualTo(1);
    assertThat(runsRow(outcome).getLong(0)).as("runs.rows_deleted").isEqualTo(1);
    assertThat(runsRow(outcome).getLong(1)).as("runs.rows_nothing_to_delete").isEqualTo(1);
    assertThat(dry)
        .isEqualTo(
            new MergeExecutor.Classification(
                published.inserted(),
                published.updated(),
                published.deleted(),
                published.unchanged(),
                published.stale(),
                published.nothingToDelete()));
    assertThat(tombstones())
        .containsExactly(
            "{\"order_id\":\"ORD-1\"}|tombstone|" + outcome.run().runId(),
            "{\"order_id\":\"ORD-4\"}|tombstone|" + outcome.run().runId());
  }

  @Test
  @Order(2)
  void anOlderVersionArrivingAfterTheDeleteDoesNotBringTheKeyBack() {
    clock.advanceSeconds(3600);
    ws.writeRaw(
        D3,
        "a.json",
        order("ORD-1", D1, "paid", "10.00", "2026-01-01T08:30:00.000Z", 1),
        order("ORD-4", D1, "created", "40.00", "2026-01-01T08:00:00.000Z", 1));
    RunOutcome outcome = run(D3);

    assertThat(outcome).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath()))
        .extracting(l -> l.substring(0, 5))
        .containsExactly("ORD-2", "ORD-3");
    PublishCounts published = outcome.run().published().orElseThrow();
    assertThat(published.inserted()).isZero();
    assertThat(published.stale()).as("older than their tombstones").isEqualTo(2);
    assertThat(published.merged()).as("nothing to MERGE").isFalse();
  }

  @Test
  @Order(3)
  void afterTheRetentionTheTombstoneIsPurgedAndNoLongerGuardsTheKey() {
    clock.setDay(D4.plusDays(2)); // more than 2d after the deletes were recorded
    ws.writeRaw(D4, "a.json", order("ORD-1", D1, "paid", "10.00", "2026-01-01T08:40:00.000Z", 1));
    RunOutcome outcome = run(D4);

    assertThat(outcome).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(tombstones()).as("purged").isEmpty();
    // Beyond the retention a late version is taken as new: the retention must outlast the
    // latest data can arrive.
    assertThat(outcome.run().published().orElseThrow().inserted()).isEqualTo(1);
  }

  private RunOutcome run(LocalDate day) {
    return ws.pipeline(clock).run(Optional.of(new DateRange(day, day)));
  }

  private Row runsRow(RunOutcome outcome) {
    return TestSpark.session()
        .read()
        .format("delta")
        .load(ws.tables().runs().path())
        .where("run_id = '" + outcome.run().runId() + "'")
        .select("rows_deleted", "rows_nothing_to_delete")
        .first();
  }

  private List<String> tombstones() {
    return TestSpark.session()
        .read()
        .format("delta")
        .load(ws.tables().tombstones().path())
        .selectExpr("concat_ws('|', key, reason, run_id)")
        .orderBy("concat_ws(|, key, reason, run_id)")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }
}

package dev.tidemark.deletes;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot source with delete-missing, as one history of runs: a daily full export deletes the
 * keys it no longer has, in its own partitions only; an export that lands empty is refused rather
 * than wiping its day; --allow-empty empties the day when that is the truth; a newer export that
 * has a deleted key again brings it back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotDeletesTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);

  @TempDir static Path dir;
  private Workspace ws;
  private final MutableClock clock = MutableClock.at(D2.plusDays(1));

  @BeforeAll
  void firstExportCoversTwoDays() {
    ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  source.mode = snapshot\n  deletes.delete-missing = true");
    ws.writeRaw(
        D1,
        "a.json",
        order("ORD-A", D1, "created", "10.00", "2026-01-01T08:00:00.000Z", 1),
        order("ORD-B", D1, "created", "20.00", "2026-01-01T08:00:00.000Z", 1),
        order("ORD-C", D1, "created", "30.00", "2026-01-01T08:00:00.000Z", 1),
        order("ORD-X", D2, "created", "90.00", "2026-01-01T08:00:00.000Z", 1));
    RunOutcome first = ws.pipeline(clock).run(Optional.of(new DateRange(D1, D1)));
    assertThat(first).isInstanceOf(RunOutcome.Succeeded.class);
  }

  @Test
  @Order(1)
  void aSnapshotDeletesTheKeysItNoLongerHasInItsOwnPartitionsOnly() {
    // The next export covers order date D1 only: ORD-C is gone, ORD-B changed. ORD-X's
    // partition (D2) is not in this export, so it stays.
    ws.writeRaw(
        D2,
        "a.json",
        order("ORD-A", D1, "created", "10.00", "2026-01-01T08:00:00.000Z", 1),
        order("ORD-B", D1, "paid", "20.00", "2026-01-02T08:00:00.000Z", 2));
    RunOutcome outcome = ws.pipeline(clock).run(Optional.of(new DateRange(D2, D2)));

    assertThat(outcome).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-A|CUST-00001|2026-01-01|created|10.00|EUR|2026-01-01 08:00:00|1",
            "ORD-B|CUST-00001|2026-01-01|paid|20.00|EUR|2026-01-02 08:00:00|2",
            "ORD-X|CUST-00001|2026-01-02|created|90.00|EUR|2026-01-01 08:00:00|1");
    PublishCounts published = outcome.run().published().orElseThrow();
    assertThat(published.deleted()).as("deleted").isEqualTo(1);
    assertThat(published.updated()).as("updated").isEqualTo(1);
    assertThat(published.unchanged()).as("unchanged").isEqualTo(1);
    assertThat(
            TestSpark.session()
                .read()
                .format("delta")
                .load(ws.tables().tombstones().path())
                .selectExpr("concat_ws('|', key, reason, partition_value)")
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("{\"order_id\":\"ORD-C\"}|missing-from-snapshot|2026-01-01");
  }

  @Test
  @Order(2)
  void anExportThatLandsEmptyIsRefusedAndChangesNothing() {
    List<String> before = Tables.target(ws.targetPath());
    long version = Tables.version(ws.targetPath());
    Watermark watermark = new WatermarkStore(TestSpark.session(), ws.tables()).read("orders");
    ws.writeRaw(D2, "a.json"); // the export job wrote an empty file

    Cli.Result result = runD2();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "Cannot delete every row of order_date=2026-01-01",
            "dt=2026-01-02",
            "empty or missing",
            "--allow-empty");
    assertThat(Tables.target(ws.targetPath())).isEqualTo(before);
    assertThat(Tables.version(ws.targetPath())).isEqualTo(version);
    assertThat(new WatermarkStore(TestSpark.session(), ws.tables()).read("orders"))
        .isEqualTo(watermark);
  }

  @Test
  @Order(3)
  void allowEmptyEmptiesThePartitionOfAFolderThatIsGone() throws IOException {
    try (Stream<Path> files = Files.walk(ws.raw.resolve("dt=" + D2))) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    Cli.Result result = runD2("--allow-empty");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly("ORD-X|CUST-00001|2026-01-02|created|90.00|EUR|2026-01-01 08:00:00|1");
    assertThat(
            TestSpark.session()
                .read()
                .format("delta")
                .load(ws.tables().runs().path())
                .orderBy(org.apache.spark.sql.functions.col("started_at").desc())
                .select("rows_deleted")
                .first()
                .getLong(0))
        .isEqualTo(2);
  }

  @Test
  @Order(4)
  void aNewerExportThatHasADeletedKeyAgainBringsItBack() {
    // ORD-A was deleted (by D2's emptied partition) with its last version; D3's export has
    // that same version again. The tombstone holds off replays of older exports, not the
    // truth of a newer one.
    ws.writeRaw(
        D2.plusDays(1),
        "a.json",
        order("ORD-A", D1, "created", "10.00", "2026-01-01T08:00:00.000Z", 1));
    RunOutcome outcome =
        ws.pipeline(clock).run(Optional.of(new DateRange(D2.plusDays(1), D2.plusDays(1))));

    assertThat(outcome).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-A|CUST-00001|2026-01-01|created|10.00|EUR|2026-01-01 08:00:00|1",
            "ORD-X|CUST-00001|2026-01-02|created|90.00|EUR|2026-01-01 08:00:00|1");
  }

  private Cli.Result runD2(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("run", "orders", "--from", D2.toString(), "--to", D2.toString()));
    args.add("--progress-every=0");
    args.addAll(List.of(extra));
    return Cli.run(ws, clock, args.toArray(String[]::new));
  }
}

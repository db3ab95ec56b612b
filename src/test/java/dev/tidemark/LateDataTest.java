package dev.tidemark;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.cli.ExitCodes;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 3, test 3: late and out-of-order data is merged where it belongs, never lost. */
class LateDataTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final LocalDate D4 = D1.plusDays(3);

  @TempDir Path dir;

  @Test
  void anOlderVersionArrivingLaterNeverReplacesANewerOne() {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(D1, "a.json", order("ORD-1", D1, "paid", "20.00", "2026-01-01T10:00:00.000Z", 2));
    ws.writeRaw(
        D2, "a.json", order("ORD-1", D1, "created", "25.00", "2026-01-01T09:00:00.000Z", 1));
    // Same timestamp as the newer one, told apart by the version column.
    ws.writeRaw(
        D3, "a.json", order("ORD-1", D1, "created", "25.00", "2026-01-01T10:00:00.000Z", 1));
    MutableClock clock = MutableClock.at(D4);

    for (LocalDate day : new LocalDate[] {D1, D2, D3}) {
      RunOutcome outcome = ws.pipeline(clock).run(Optional.of(new DateRange(day, day)));
      assertThat(outcome).isInstanceOf(RunOutcome.Succeeded.class);
    }
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly("ORD-1|CUST-00001|2026-01-01|paid|20.00|EUR|2026-01-01 10:00:00|2");
  }

  @Test
  void aFileLandingLateInAProcessedFolderIsReadByTheNextIncrementalRun() {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(
        D1, "a.json", order("ORD-1", D1, "created", "10.00", "2026-01-01T08:00:00.000Z", 1));
    ws.writeRaw(
        D2, "a.json", order("ORD-2", D2, "created", "11.00", "2026-01-02T08:00:00.000Z", 1));
    ws.writeRaw(
        D3, "a.json", order("ORD-3", D3, "created", "12.00", "2026-01-03T08:00:00.000Z", 1));
    MutableClock clock = MutableClock.at(D3);
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);

    // A file lands in D2's folder after D2 was processed; its events are old (they belong to D1),
    // older than anything an event-time filter would let through.
    ws.writeRaw(
        D2,
        "late.json",
        order("ORD-1", D1, "paid", "10.00", "2026-01-01T09:00:00.000Z", 2),
        order("ORD-9", D1, "created", "99.00", "2026-01-01T07:00:00.000Z", 1));
    RunOutcome next = ws.pipeline(clock).run(Optional.empty());

    assertThat(next).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-1|CUST-00001|2026-01-01|paid|10.00|EUR|2026-01-01 09:00:00|2",
            "ORD-2|CUST-00001|2026-01-02|created|11.00|EUR|2026-01-02 08:00:00|1",
            "ORD-3|CUST-00001|2026-01-03|created|12.00|EUR|2026-01-03 08:00:00|1",
            "ORD-9|CUST-00001|2026-01-01|created|99.00|EUR|2026-01-01 07:00:00|1");
    // Only the new file was read: the folders' other files were published already.
    assertThat(next.run().staged().orElseThrow().rowsRead()).isEqualTo(2);
    assertThat(next.run().published().orElseThrow().inserted()).isEqualTo(1);
    assertThat(next.run().published().orElseThrow().updated()).isEqualTo(1);
  }

  /** Six days published by one incremental run on D6: the landing watermark is D6. */
  private static Workspace sixDaysPublished(Workspace ws, MutableClock clock) {
    for (int day = 0; day < 6; day++) {
      LocalDate d = D1.plusDays(day);
      ws.writeRaw(d, "a.json", order("ORD-" + day, d, "created", "10.00", d + "T08:00:00.000Z", 1));
    }
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);
    return ws;
  }

  @Test
  void aFileLandingInAFolderOlderThanTheLookbackIsReadByTheNextIncrementalRun() {
    MutableClock clock = MutableClock.at(D1.plusDays(5));
    Workspace ws = sixDaysPublished(Workspace.create(dir, false), clock);
    WatermarkStore watermarks = new WatermarkStore(TestSpark.session(), ws.tables());
    Watermark before = watermarks.read("orders");
    assertThat(before.landing()).contains(D1.plusDays(5));

    // The range of the next run is D3 .. D6 (watermark minus the default lookback of 3 days). A new
    // file lands
    // in D1's folder, and D2's export is delivered again, rewritten in place under its name.
    ws.writeRaw(
        D1, "late.json", order("ORD-9", D1, "created", "99.00", "2026-01-01T07:00:00.000Z", 1));
    ws.writeRaw(D2, "a.json", order("ORD-1", D2, "paid", "10.00", "2026-01-02T09:00:00.000Z", 2));
    Cli.Result next = Cli.run(ws, clock, "run", "orders");

    assertThat(next.exitCode()).as(next.err()).isEqualTo(ExitCodes.OK);
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-0|CUST-00001|2026-01-01|created|10.00|EUR|2026-01-01 08:00:00|1",
            "ORD-1|CUST-00001|2026-01-02|paid|10.00|EUR|2026-01-02 09:00:00|2",
            "ORD-2|CUST-00001|2026-01-03|created|10.00|EUR|2026-01-03 08:00:00|1",
            "ORD-3|CUST-00001|2026-01-04|created|10.00|EUR|2026-01-04 08:00:00|1",
            "ORD-4|CUST-00001|2026-01-05|created|10.00|EUR|2026-01-05 08:00:00|1",
            "ORD-5|CUST-00001|2026-01-06|created|10.00|EUR|2026-01-06 08:00:00|1",
            "ORD-9|CUST-00001|2026-01-01|created|99.00|EUR|2026-01-01 07:00:00|1");
    // Only the late files were read; without a golden source the summary says what the
    // reconciliation could and could not see.
    assertThat(next.out())
        .contains("late files: 2 older folders to read")
        .contains("rows        2 read")
        .contains("against this run's own batch only (no golden source configured");
    assertThat(watermarks.read("orders").landing()).isEqualTo(before.landing());

    // Read once: the next run finds nothing new.
    RunOutcome again = ws.pipeline(clock).run(Optional.empty());
    assertThat(again).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(again.run().staged()).isEmpty();
  }

  @Test
  void aLateFileBeyondTheBoundEndsTheRunBreachedNamingTheFolderAndTheBackfill() {
    MutableClock clock = MutableClock.at(D1.plusDays(5));
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "late-files.max-age-days = 3");
    sixDaysPublished(ws, clock);
    WatermarkStore watermarks = new WatermarkStore(TestSpark.session(), ws.tables());
    Watermark before = watermarks.read("orders");
    List<String> target = Tables.target(ws.targetPath());

    // D1 is 5 days old: beyond the bound. D3, 3 days old, is within it.
    ws.writeRaw(
        D1, "late.json", order("ORD-9", D1, "created", "99.00", "2026-01-01T07:00:00.000Z", 1));
    Cli.Result next = Cli.run(ws, clock, "run", "orders");

    assertThat(next.exitCode()).isEqualTo(ExitCodes.BREACHED);
    assertThat(next.err())
        .contains("late files not read")
        .contains(ws.raw.resolve("dt=" + D1) + " (1 new or changed files)")
        .contains("tidemark run orders --from 2026-01-01 --to 2026-01-01");
    assertThat(Tables.target(ws.targetPath())).isEqualTo(target);
    assertThat(watermarks.read("orders")).isEqualTo(before);
    assertThat(Cli.run(ws, clock, "plan", "orders").out())
        .contains("1 beyond late-files.max-age-days")
        .contains("tidemark run orders --from 2026-01-01 --to 2026-01-01");

    // Every run says so until the folder is read; the backfill it names reads the late file.
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Breached.class);
    assertThat(ws.pipeline(clock).run(Optional.of(new DateRange(D1, D1))))
        .isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath()))
        .contains("ORD-9|CUST-00001|2026-01-01|created|99.00|EUR|2026-01-01 07:00:00|1");
    ws.writeRaw(
        D3, "late.json", order("ORD-8", D3, "created", "88.00", "2026-01-03T07:00:00.000Z", 1));
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath()))
        .contains("ORD-8|CUST-00001|2026-01-03|created|88.00|EUR|2026-01-03 07:00:00|1");
  }

  @Test
  void aLateEventInANewFolderIsMergedWhateverItsAge() {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(
        D1, "a.json", order("ORD-1", D1, "created", "10.00", "2026-01-01T08:00:00.000Z", 1));
    MutableClock clock = MutableClock.at(D1);
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);

    ws.writeRaw(
        D4,
        "a.json",
        order("ORD-0", LocalDate.of(2025, 6, 1), "paid", "5.00", "2025-06-01T08:00:00.000Z", 2));
    clock.setDay(D4);
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);

    assertThat(Tables.target(ws.targetPath()))
        .contains("ORD-0|CUST-00001|2025-06-01|paid|5.00|EUR|2025-06-01 08:00:00|2");
  }

  @Test
  void aTargetDroppedBehindTidemarksBackIsRebuiltByTheNextIncrementalRun() throws Exception {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(
        D1, "a.json", order("ORD-1", D1, "created", "10.00", "2026-01-01T08:00:00.000Z", 1));
    ws.writeRaw(
        D2, "a.json", order("ORD-2", D2, "created", "20.00", "2026-01-02T08:00:00.000Z", 1));
    MutableClock clock = MutableClock.at(D2);
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);
    List<String> full = Tables.target(ws.targetPath());

    // Someone drops the table; the ledger still says both dates were published.
    org.apache.commons.io.FileUtils.deleteDirectory(new java.io.File(ws.targetPath()));
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);

    assertThat(Tables.target(ws.targetPath())).hasSize(2).isEqualTo(full);
  }

  @Test
  void datesWhoseFoldersHaveNotLandedDoNotMoveTheLandingWatermark() {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(
        D1, "a.json", order("ORD-1", D1, "created", "10.00", "2026-01-01T08:00:00.000Z", 1));
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 20));
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);
    WatermarkStore watermarks = new WatermarkStore(TestSpark.session(), ws.tables());
    assertThat(watermarks.read("orders").landing()).contains(D1);

    // D2's folder lands weeks late: it is still inside the next incremental run's range.
    ws.writeRaw(
        D2, "a.json", order("ORD-2", D2, "created", "20.00", "2026-01-02T08:00:00.000Z", 1));
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);

    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-1|CUST-00001|2026-01-01|created|10.00|EUR|2026-01-01 08:00:00|1",
            "ORD-2|CUST-00001|2026-01-02|created|20.00|EUR|2026-01-02 08:00:00|1");
    assertThat(watermarks.read("orders").landing()).contains(D2);
  }

  @Test
  void aRowWithTheWatermarksTimestampLandingAfterItIsNotLost() {
    Workspace ws = Workspace.create(dir, false);
    String watermarkTime = "2026-01-01T23:00:00.000Z";
    ws.writeRaw(D1, "a.json", order("ORD-1", D1, "created", "10.00", watermarkTime, 1));
    MutableClock clock = MutableClock.at(D1);
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);
    Instant eventWatermark =
        new WatermarkStore(TestSpark.session(), ws.tables()).read("orders").event().orElseThrow();
    assertThat(eventWatermark).isEqualTo(Instant.parse(watermarkTime));

    // Another order with exactly the watermark's event time lands the next day.
    ws.writeRaw(D2, "a.json", order("ORD-2", D1, "created", "20.00", watermarkTime, 1));

    // The naive incremental pattern, WHERE updated_at > max(updated_at), loses it.
    Dataset<Row> landed =
        TestSpark.session()
            .read()
            .schema(StructType.fromDDL(Workspace.ORDERS_SCHEMA))
            .json(ws.raw.resolve("dt=" + D2).toString());
    long naive =
        landed
            .where(
                functions
                    .col("updated_at")
                    .gt(functions.lit(java.sql.Timestamp.from(eventWatermark))))
            .count();
    assertThat(naive).isZero();

    clock.setDay(D2);
    assertThat(ws.pipeline(clock).run(Optional.empty())).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath()))
        .contains("ORD-2|CUST-00001|2026-01-01|created|20.00|EUR|2026-01-01 23:00:00|1");
  }
}

package dev.tidemark.source;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.plan.DateRange;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extract never drops a row silently: what it cannot use goes to quarantine, with a reason. */
class QuarantineTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 1);

  @TempDir Path dir;

  @Test
  void rowsThatCannotBeUsedAreQuarantinedWithTheirFileRawTextAndReason() {
    Workspace ws = Workspace.create(dir, false);
    String truncated = "{\"order_id\":\"ORD-2\",\"amount\":";
    String badAmount = order("ORD-3", DAY, "created", "\"abc\"", "2026-01-01T10:00:00.000Z", 1);
    String badTime = order("ORD-4", DAY, "created", "1.00", "yesterday", 1);
    Path file =
        ws.writeRaw(
            DAY,
            "part-0.json",
            order("ORD-1", DAY, "created", "10.00", "2026-01-01T10:00:00.000Z", 1),
            truncated,
            badAmount,
            badTime,
            order("", DAY, "created", "1.00", "2026-01-01T10:00:00.000Z", 1),
            "{\"customer_id\":\"CUST-1\",\"amount\":1.00}");

    RunOutcome outcome =
        ws.pipeline(MutableClock.at(DAY)).run(Optional.of(new DateRange(DAY, DAY)));

    assertThat(outcome).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly("ORD-1|CUST-00001|2026-01-01|created|10.00|EUR|2026-01-01 10:00:00|1");
    RunRecord run =
        new RunLog(TestSpark.session(), ws.tables()).find(outcome.run().runId()).orElseThrow();
    assertThat(run.staged().orElseThrow().rowsRead()).isEqualTo(6);
    assertThat(run.staged().orElseThrow().rowsQuarantined()).isEqualTo(5);

    List<Row> quarantined =
        Tables.delta(ws.tables().quarantine().path()).orderBy("raw").collectAsList();
    assertThat(quarantined).hasSize(5);
    assertThat(quarantined)
        .allSatisfy(
            r -> {
              assertThat(r.<String>getAs("pipeline")).isEqualTo("orders");
              assertThat(r.<String>getAs("run_id")).isEqualTo(run.runId());
              assertThat(r.<String>getAs("source_file")).endsWith("dt=2026-01-01/part-0.json");
              assertThat(r.getAs("landing_date").toString()).isEqualTo("2026-01-01");
            });
    assertThat(quarantined)
        .extracting(r -> r.<String>getAs("raw"))
        .contains(truncated, badAmount, badTime);
    assertThat(quarantined)
        .filteredOn(r -> r.<String>getAs("raw").equals(truncated))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.<String>getAs("reason"))
                    .startsWith("line is not a JSON object (truncated, or not JSON)"));
    assertThat(quarantined)
        .filteredOn(r -> r.<String>getAs("raw").equals(badAmount))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.<String>getAs("reason"))
                    .startsWith("field amount: 'abc' is not a DECIMAL(12,2) (a number with at most")
                    .contains("`tidemark quarantine replay`"));
    assertThat(quarantined)
        .filteredOn(r -> r.<String>getAs("raw").equals(badTime))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.<String>getAs("reason"))
                    .startsWith("field updated_at: 'yesterday' is not a TIMESTAMP (ISO 8601"));
    assertThat(quarantined)
        .extracting(r -> r.<String>getAs("reason"))
        .filteredOn(reason -> reason.startsWith("missing key: order_id is NULL or blank"))
        .hasSize(2);
    assertThat(file).exists();
  }
}

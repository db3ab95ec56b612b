package dev.tidemark.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.control.RunRecord.StageCounts;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.StepScope;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage step on its own: one landing date with an exact copy, an older version of a key and a
 * line that is not JSON, staged once; the rows in the staging table, the counts and the quarantine
 * row are what the later steps and the run row are built from.
 */
class StageStepTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final String MALFORMED = "{\"order_id\":\"C\",\"amount\":";

  @TempDir static Path dir;

  private static Workspace ws;
  private static StepScope run;
  private static Staged staged;

  @BeforeAll
  static void stageOneDay() {
    ws = Workspace.create(dir, false);
    ws.writeRaw(
        JAN_1,
        "a.json",
        Workspace.order("A", JAN_1, "PAID", "10.00", "2026-01-01T09:00:00Z", 2),
        Workspace.order("B", JAN_1, "NEW", "20.00", "2026-01-01T08:30:00Z", 1),
        Workspace.order("B", JAN_1, "NEW", "20.00", "2026-01-01T08:30:00Z", 1),
        MALFORMED);
    ws.writeRaw(
        JAN_1, "b.json", Workspace.order("A", JAN_1, "NEW", "10.00", "2026-01-01T08:00:00Z", 1));
    run = StepScope.open(ws, MutableClock.at(JAN_1.plusDays(1)));
    staged =
        new StageStep(run.scope())
            .stage(run.backfill(new DateRange(JAN_1, JAN_1)), Optional.empty());
  }

  @AfterAll
  static void release() {
    run.close();
  }

  @Test
  void theStagingTableHoldsTheNewestVersionOfEachKeyAndTheCountsSayWhatWasLeftOut() {
    assertThat(staged.counts())
        .contains(
            new StageCounts(
                5, // rows read, the malformed line included
                1, // quarantined
                4, // valid
                1, // exact copies (B)
                2)); // staged: A version 2, B
    assertThat(staged.counts().orElseThrow().duplicatesRemoved()).isEqualTo(2);
    assertThat(staged.result().stagingPath()).isEqualTo(run.scope().stagingPath());
    assertThat(staged.result().rowsToPublish()).isEqualTo(2);
    assertThat(staged.readDates()).containsExactly(JAN_1);
    assertThat(Tables.contents(Staging.validRows(TestSpark.session(), run.scope().stagingPath())))
        .containsExactly(
            "A|CUST-00001|2026-01-01|PAID|10.00|EUR|2026-01-01 09:00:00|2",
            "B|CUST-00001|2026-01-01|NEW|20.00|EUR|2026-01-01 08:30:00|1");
  }

  @Test
  void theQuarantineTableHoldsTheMalformedLineWithItsFile() {
    List<Row> rows = Tables.delta(ws.tables().quarantine().path()).collectAsList();

    assertThat(rows).hasSize(1);
    Row row = rows.get(0);
    assertThat(row.<String>getAs("raw")).isEqualTo(MALFORMED);
    assertThat(row.<String>getAs("source_file")).endsWith("dt=2026-01-01/a.json");
    assertThat(row.<String>getAs("run_id")).isEqualTo(run.runId());
    assertThat(row.<String>getAs("pipeline")).isEqualTo("orders");
    assertThat(row.<java.sql.Date>getAs("landing_date").toLocalDate()).isEqualTo(JAN_1);
    assertThat(row.<String>getAs("reason")).startsWith("line is not a JSON object");
  }

  @Test
  void aRangeWithNothingToReadStagesNothingAndWritesNoStagingTable() {
    try (StepScope empty = StepScope.open(ws, MutableClock.at(JAN_1.plusDays(4)))) {
      RunPlan plan = empty.backfill(new DateRange(JAN_1.plusDays(1), JAN_1.plusDays(3)));

      Staged nothing = new StageStep(empty.scope()).stage(plan, Optional.empty());

      assertThat(plan.filesToRead()).isEmpty();
      assertThat(nothing.counts()).isEmpty();
      assertThat(nothing.result()).isEqualTo(StageResult.empty(empty.scope().stagingPath()));
      assertThat(nothing.readDates()).isEmpty();
      assertThat(Files.exists(Path.of(empty.scope().stagingPath()))).isFalse();
    }
  }
}

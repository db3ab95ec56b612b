package dev.tidemark.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.plan.DateRange;
import dev.tidemark.stage.StageStep;
import dev.tidemark.stage.Staged;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.StepScope;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish step on its own: a staged landing date of three orders merged into a target that does
 * not exist yet, then the same staged batch merged again; and, in a copy, a later landing date that
 * carries an older version of a key the target holds.
 */
class PublishStepTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate JAN_2 = JAN_1.plusDays(1);
  private static final MutableClock CLOCK = MutableClock.at(JAN_1.plusDays(3));

  private static final List<String> THREE_ORDERS =
      List.of(
          "A|CUST-00001|2026-01-01|NEW|10.00|EUR|2026-01-01 08:00:00|1",
          "B|CUST-00001|2026-01-01|NEW|20.00|EUR|2026-01-01 08:30:00|1",
          "C|CUST-00001|2026-01-01|PAID|30.00|EUR|2026-01-01 09:00:00|2");

  @TempDir static Path base;
  @TempDir Path dir;

  private static Workspace ws;
  private static Published first;
  private static List<String> targetAfterFirst;
  private static long versionAfterFirst;
  private static Published again;
  private static List<String> targetAfterAgain;
  private static long versionAfterAgain;

  @BeforeAll
  static void publishOneDayTwice() {
    ws = Workspace.create(base, false);
    ws.writeRaw(
        JAN_1,
        "a.json",
        Workspace.order("A", JAN_1, "NEW", "10.00", "2026-01-01T08:00:00Z", 1),
        Workspace.order("B", JAN_1, "NEW", "20.00", "2026-01-01T08:30:00Z", 1),
        Workspace.order("C", JAN_1, "PAID", "30.00", "2026-01-01T09:00:00Z", 2));
    try (StepScope run = StepScope.open(ws, CLOCK)) {
      Staged staged =
          new StageStep(run.scope())
              .stage(run.backfill(new DateRange(JAN_1, JAN_1)), Optional.empty());
      PublishStep publish = new PublishStep(run.scope(), false);
      first = publish.publish(staged);
      targetAfterFirst = Tables.target(ws.targetPath());
      versionAfterFirst = Tables.version(ws.targetPath());
      again = publish.publish(staged);
      targetAfterAgain = Tables.target(ws.targetPath());
      versionAfterAgain = Tables.version(ws.targetPath());
    }
  }

  @Test
  void theFirstPublishInsertsEveryStagedRowIntoANewTarget() {
    PublishCounts counts = first.counts();

    assertThat(counts.merged()).isTrue();
    assertThat(counts.inserted()).isEqualTo(3);
    assertThat(counts.updated()).isZero();
    assertThat(counts.deleted()).isZero();
    assertThat(counts.unchanged()).isZero();
    assertThat(counts.stale()).isZero();
    // Not pinned: docs/reference/control-tables.md says -1 when there was no table, the MERGE
    // reports the version of the empty table it created first (0).
    assertThat(counts.versionBefore()).isLessThan(counts.versionAfter());
    assertThat(counts.versionAfter()).isEqualTo(versionAfterFirst);
    assertThat(first.tableId()).as("the new target's Delta table id").isPresent();
    assertThat(targetAfterFirst).isEqualTo(THREE_ORDERS);
  }

  @Test
  void publishingTheSameStagedBatchAgainChangesNothing() {
    PublishCounts counts = again.counts();

    assertThat(counts.merged()).as("no MERGE").isFalse();
    assertThat(counts.inserted()).isZero();
    assertThat(counts.updated()).isZero();
    assertThat(counts.unchanged()).isEqualTo(3);
    assertThat(counts.versionBefore()).isEqualTo(versionAfterFirst);
    assertThat(counts.versionAfter()).isEqualTo(versionAfterFirst);
    assertThat(versionAfterAgain).as("the target's version").isEqualTo(versionAfterFirst);
    assertThat(again.tableId()).isEqualTo(first.tableId());
    assertThat(targetAfterAgain).isEqualTo(THREE_ORDERS);
  }

  @Test
  void aVersionOlderThanTheTargetsIsNotApplied() {
    Workspace copy = ws.copyTo(dir);
    // A late delivery: an older version of A, and a new order D.
    copy.writeRaw(
        JAN_2,
        "late.json",
        Workspace.order("A", JAN_1, "DRAFT", "9.00", "2025-12-31T23:00:00Z", 0),
        Workspace.order("D", JAN_2, "NEW", "40.00", "2026-01-02T08:00:00Z", 1));
    PublishCounts counts;
    try (StepScope run = StepScope.open(copy, CLOCK)) {
      Staged staged =
          new StageStep(run.scope())
              .stage(run.backfill(new DateRange(JAN_2, JAN_2)), Optional.empty());
      counts = new PublishStep(run.scope(), false).publish(staged).counts();
    }

    assertThat(counts.stale()).as("older than the target").isEqualTo(1);
    assertThat(counts.inserted()).isEqualTo(1);
    assertThat(counts.updated()).isZero();
    assertThat(counts.versionBefore()).isEqualTo(versionAfterFirst);
    assertThat(Tables.target(copy.targetPath()))
        .containsExactly(
            THREE_ORDERS.get(0), // A as it was
            THREE_ORDERS.get(1),
            THREE_ORDERS.get(2),
            "D|CUST-00001|2026-01-02|NEW|40.00|EUR|2026-01-02 08:00:00|1");
  }
}

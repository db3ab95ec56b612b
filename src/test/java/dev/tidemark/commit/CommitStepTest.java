package dev.tidemark.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tidemark.audit.AuditStep;
import dev.tidemark.control.Interval;
import dev.tidemark.control.IntervalStatus;
import dev.tidemark.control.RunRecord.WatermarkMove;
import dev.tidemark.control.RunScope;
import dev.tidemark.control.Watermark;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.publish.PublishStep;
import dev.tidemark.reconcile.ReconcileStep;
import dev.tidemark.stage.StageStep;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.StepScope;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit step after a run of two landing dates went through stage, audit, publish and
 * reconcile: what it writes to the interval ledger and the watermarks, and what the next run's plan
 * makes of that, when reconciliation passed and when it breached.
 */
class CommitStepTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate JAN_2 = JAN_1.plusDays(1);
  private static final DateRange BOTH = new DateRange(JAN_1, JAN_2);
  private static final MutableClock CLOCK = MutableClock.at(JAN_1.plusDays(2));
  private static final Instant NEWEST_EVENT = Instant.parse("2026-01-02T09:00:00Z");

  @TempDir static Path base;
  @TempDir Path dir;

  private static Workspace ws;

  @BeforeAll
  static void twoDaysAndTheirGoldenSource() throws IOException {
    ws = Workspace.create(base);
    ws.writeRaw(
        JAN_1,
        "a.json",
        order("A", JAN_1, "10.00", "2026-01-01T08:00:00Z"),
        order("B", JAN_1, "20.00", "2026-01-01T09:00:00Z"));
    ws.writeRaw(JAN_2, "a.json", order("C", JAN_2, "30.00", NEWEST_EVENT.toString()));
    writeGolden(ws, "20.00");
  }

  private static String order(String id, LocalDate day, String amount, String updatedAt) {
    return Workspace.order(id, day, "NEW", amount, updatedAt, 1);
  }

  /** The golden source: the three orders, B with this amount, each valid from its landing date. */
  private static void writeGolden(Workspace w, String amountOfB) throws IOException {
    Files.createDirectories(w.golden);
    Files.write(
        w.golden.resolve("golden.json"),
        List.of(
            golden(order("A", JAN_1, "10.00", "2026-01-01T08:00:00Z"), JAN_1),
            golden(order("B", JAN_1, amountOfB, "2026-01-01T09:00:00Z"), JAN_1),
            golden(order("C", JAN_2, "30.00", NEWEST_EVENT.toString()), JAN_2)));
  }

  private static String golden(String order, LocalDate validFrom) {
    return order.substring(0, order.length() - 1)
        + ",\"valid_from\":\""
        + validFrom
        + "\",\"valid_to\":null}";
  }

  /** A backfill of both days through reconcile, as {@code Pipeline} chains the steps. */
  private static RunSoFar reconciled(StepScope run) {
    RunScope scope = run.scope();
    RunPlan plan = run.backfill(BOTH);
    RunSoFar so =
        RunSoFar.planned(plan, CLOCK.instant(), scope.watermarks().read("orders"), 0)
            .withStaged(new StageStep(scope).stage(plan, Optional.empty()));
    so = so.withAudited(new AuditStep(scope).audit(so.staged().orElseThrow()));
    so =
        so.publishStarted()
            .withPublished(new PublishStep(scope, false).publish(so.staged().orElseThrow()));
    return so.withReconciled(new ReconcileStep(scope, false).reconcile(so.staged().orElseThrow()));
  }

  /** What the commit left: the run's results, the ledger, the watermarks, the next plan. */
  private record Outcome(
      RunSoFar so, String runId, List<Interval> ledger, Watermark stored, RunPlan next) {
    Committed committed() {
      return so.marks().orElseThrow();
    }
  }

  /** Runs the chain and commits, in a copy whose golden source gives B this amount. */
  private Outcome commitWithGolden(String amountOfB) throws IOException {
    Workspace copy = ws.copyTo(dir);
    writeGolden(copy, amountOfB);
    try (StepScope run = StepScope.open(copy, CLOCK)) {
      RunSoFar so = new CommitStep(run.scope(), run.today()).commit(reconciled(run));
      RunPlan next;
      try (StepScope nextRun = StepScope.open(copy, CLOCK)) {
        next = nextRun.backfill(BOTH);
      }
      return new Outcome(
          so,
          run.runId(),
          run.scope().ledger().all("orders"),
          run.scope().watermarks().read("orders"),
          next);
    }
  }

  @Test
  void aReconciledRunRecordsItsDatesProcessedAndMovesBothWatermarks() throws IOException {
    Outcome done = commitWithGolden("20.00");

    assertThat(done.so().reconciled().breached()).isFalse();
    assertThat(done.ledger())
        .extracting(Interval::landingDate, Interval::status, Interval::runId)
        .containsExactly(
            tuple(JAN_1, IntervalStatus.PROCESSED, done.runId()),
            tuple(JAN_2, IntervalStatus.PROCESSED, done.runId()));
    assertThat(done.stored())
        .isEqualTo(
            new Watermark(
                Optional.of(JAN_2), Optional.of(NEWEST_EVENT), Optional.of(done.runId())));
    Committed committed = done.committed();
    assertThat(committed.moved()).isTrue();
    WatermarkMove move = committed.move();
    assertThat(move.landingBefore()).isEmpty();
    assertThat(move.landingAfter()).contains(JAN_2);
    assertThat(move.eventBefore()).isEmpty();
    assertThat(move.eventAfter()).contains(NEWEST_EVENT);
    // From the newest event to the run's clock, noon of Jan 3.
    assertThat(move.lagSeconds()).contains(27L * 3600);
    assertThat(done.next().filesToRead()).as("the next run has nothing to read").isEmpty();
  }

  @Test
  void aBreachedReconciliationMarksTheDatesUnverifiedAndMovesNoWatermark() throws IOException {
    Outcome done = commitWithGolden("21.50");

    assertThat(done.so().reconciled().breached()).isTrue();
    assertThat(done.ledger())
        .extracting(Interval::landingDate, Interval::status, Interval::runId)
        .containsExactly(
            tuple(JAN_1, IntervalStatus.UNVERIFIED, done.runId()),
            tuple(JAN_2, IntervalStatus.UNVERIFIED, done.runId()));
    assertThat(done.stored()).as("no watermark stored").isEqualTo(Watermark.NONE);
    Committed committed = done.committed();
    assertThat(committed.moved()).isFalse();
    assertThat(committed.move().landingAfter()).isEmpty();
    assertThat(committed.move().eventAfter()).isEmpty();
    assertThat(done.next().filesToRead()).as("the next run reads both dates again").hasSize(2);
  }
}

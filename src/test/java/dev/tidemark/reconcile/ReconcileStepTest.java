package dev.tidemark.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.plan.DateRange;
import dev.tidemark.publish.PublishStep;
import dev.tidemark.stage.StageStep;
import dev.tidemark.stage.Staged;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.StepScope;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconcile step after a publish of one landing date of three orders, against a golden source
 * that holds the same three; and in a copy, the same day run again once the golden source gives one
 * of them another amount.
 */
class ReconcileStepTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final MutableClock CLOCK = MutableClock.at(JAN_1.plusDays(1));

  @TempDir static Path base;
  @TempDir Path dir;

  private static Workspace ws;
  private static Run matched;

  /** A run's reconcile result and the reconciliation table's rows after it. */
  private record Run(String runId, Reconciled reconciled, List<Row> stored) {}

  @BeforeAll
  static void oneDayPublishedAndReconciledAgainstAMatchingGoldenSource() throws IOException {
    ws = Workspace.create(base);
    ws.writeRaw(JAN_1, "a.json", order("A", "10.00"), order("B", "20.00"), order("C", "30.00"));
    writeGolden(ws, "10.00", "20.00", "30.00");
    matched = publishAndReconcile(ws);
  }

  private static String order(String id, String amount) {
    return Workspace.order(id, JAN_1, "NEW", amount, "2026-01-01T08:00:00Z", 1);
  }

  /** The golden source: orders A, B and C with these amounts, valid from Jan 1 on. */
  private static void writeGolden(Workspace w, String a, String b, String c) throws IOException {
    Files.createDirectories(w.golden);
    Files.write(
        w.golden.resolve("golden.json"), List.of(golden("A", a), golden("B", b), golden("C", c)));
  }

  private static String golden(String id, String amount) {
    String line = order(id, amount);
    return line.substring(0, line.length() - 1)
        + ",\"valid_from\":\"2026-01-01\",\"valid_to\":null}";
  }

  /** Stages and publishes the day, then reconciles it. */
  private static Run publishAndReconcile(Workspace w) {
    try (StepScope run = StepScope.open(w, CLOCK)) {
      Staged staged =
          new StageStep(run.scope())
              .stage(run.backfill(new DateRange(JAN_1, JAN_1)), Optional.empty());
      new PublishStep(run.scope(), false).publish(staged);
      Reconciled reconciled = new ReconcileStep(run.scope(), false).reconcile(staged);
      return new Run(
          run.runId(),
          reconciled,
          Tables.delta(w.tables().reconciliation().path()).collectAsList());
    }
  }

  @Test
  void aGoldenSourceThatMatchesFindsNothing() {
    Reconciled reconciled = matched.reconciled();

    assertThat(reconciled.breached()).isFalse();
    ReconcileResult result = reconciled.result().orElseThrow();
    assertThat(result.reference()).isEqualTo(ReconcileReference.GOLDEN);
    assertThat(result.asOf()).contains(JAN_1);
    Findings findings = result.findings();
    assertThat(findings.referenceRows()).isEqualTo(3);
    assertThat(findings.targetRows()).isEqualTo(3);
    assertThat(findings.mismatchCount()).isZero();
    assertThat(findings.targetDuplicateKeys()).isZero();
    assertThat(matched.stored())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.<String>getAs("run_id")).isEqualTo(matched.runId());
              assertThat(row.<String>getAs("status")).isEqualTo("passed");
            });
  }

  @Test
  void aGoldenSourceThatDiffersByARowCountsTheMismatchAndBreaches() throws IOException {
    // The same day run again, its publish finding nothing new, after the golden source changed.
    Workspace copy = ws.copyTo(dir);
    writeGolden(copy, "10.00", "21.50", "30.00");

    Run run = publishAndReconcile(copy);
    Reconciled reconciled = run.reconciled();

    assertThat(reconciled.breached()).isTrue();
    ReconcileResult result = reconciled.result().orElseThrow();
    Findings findings = result.findings();
    assertThat(findings.missing()).isZero();
    assertThat(findings.extra()).isZero();
    assertThat(findings.mismatched()).isEqualTo(1);
    assertThat(findings.mismatchedSample()).containsExactly("B");
    assertThat(findings.mismatchedColumns()).isEqualTo(Map.of("amount", 1L));
    assertThat(result.breach()).contains("mismatched 1 > max-mismatched 0");
    assertThat(run.stored())
        .filteredOn(row -> row.<String>getAs("run_id").equals(run.runId()))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.<String>getAs("status")).isEqualTo("breached");
              assertThat(row.<String>getAs("breach")).isEqualTo("mismatched 1 > max-mismatched 0");
            });
  }
}

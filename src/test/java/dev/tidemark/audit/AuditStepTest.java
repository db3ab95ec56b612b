package dev.tidemark.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.config.QualitySeverity;
import dev.tidemark.plan.DateRange;
import dev.tidemark.source.QuarantineCeiling.QuarantineCeilingException;
import dev.tidemark.stage.StageStep;
import dev.tidemark.stage.Staged;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.StepScope;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit step on one staged landing date of five lines: one with a negative amount, one that is
 * not JSON (a fifth of the rows read). What it checks depends on the pipeline's quality checks and
 * quarantine ceiling.
 */
class AuditStepTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final DateRange DAY = new DateRange(JAN_1, JAN_1);
  private static final MutableClock CLOCK = MutableClock.at(JAN_1.plusDays(1));

  @TempDir static Path base;
  @TempDir Path dir;

  private static Workspace ws;

  /** The day staged in {@link #ws}, whose pipeline has no checks and no quarantine ceiling. */
  private static Staged staged;

  @BeforeAll
  static void oneDayWithANegativeAmountAndAMalformedLine() {
    ws = Workspace.create(base, false);
    ws.writeRaw(
        JAN_1,
        "a.json",
        Workspace.order("A", JAN_1, "NEW", "10.00", "2026-01-01T08:00:00Z", 1),
        Workspace.order("B", JAN_1, "NEW", "20.00", "2026-01-01T08:30:00Z", 1),
        Workspace.order("C", JAN_1, "NEW", "-3.00", "2026-01-01T09:00:00Z", 1),
        Workspace.order("D", JAN_1, "NEW", "5.00", "2026-01-01T09:30:00Z", 1),
        "not json");
    // Closed before the tests copy the workspace: a copy must not hold a copy of the lock.
    try (StepScope run = StepScope.open(ws, CLOCK)) {
      staged = new StageStep(run.scope()).stage(run.backfill(DAY), Optional.empty());
    }
  }

  @Test
  void withoutChecksThereIsNothingToAuditAndNoQualityTable() {
    Audited audited;
    try (StepScope run = StepScope.open(ws, CLOCK)) {
      audited = new AuditStep(run.scope()).audit(staged);
    }

    assertThat(audited).isEqualTo(Audited.NONE);
    assertThat(audited.rejects()).isFalse();
    // The quality table is created by the first audit that has checks to record.
    assertThat(ws.tables().quality().exists(TestSpark.session())).isFalse();
  }

  @Test
  void aFailingErrorCheckRejectsTheRunNamingTheCheck() {
    Workspace copy =
        ws.copyTo(dir)
            .writePipeline(
                false,
                """
                quality.checks = [
                  { type = not_null, columns = [customer_id] }
                  { name = amount_not_negative, type = expression, expression = "amount >= 0" }
                  { type = accepted_values, columns = [status], values = [PAID], severity = warn }
                ]
                """);
    Audited audited;
    try (StepScope checked = StepScope.open(copy, CLOCK)) {
      Staged batch = new StageStep(checked.scope()).stage(checked.backfill(DAY), Optional.empty());
      audited = new AuditStep(checked.scope()).audit(batch);
    }

    assertThat(audited.rejects()).isTrue();
    AuditResult result = audited.result().orElseThrow();
    assertThat(result.withStatus(CheckStatus.FAILED))
        .singleElement()
        .satisfies(
            failed -> {
              assertThat(failed.check().name()).isEqualTo("amount_not_negative");
              assertThat(failed.check().severity()).isEqualTo(QualitySeverity.ERROR);
              assertThat(failed.failingRows()).isEqualTo(1);
              assertThat(failed.sampleKeys()).containsExactly("C");
            });
    assertThat(result.withStatus(CheckStatus.WARNED))
        .extracting(r -> r.check().name())
        .containsExactly("accepted_values_status");
    assertThat(result.summary())
        .startsWith("3 checks: 1 passed, 1 warned, 1 failed")
        .contains("FAILED amount_not_negative");
    assertThat(audited.millis()).isPresent();

    List<Row> stored =
        Tables.delta(copy.tables().quality().path()).orderBy("check_name").collectAsList();
    assertThat(stored)
        .extracting(r -> r.<String>getAs("check_name") + " " + r.<String>getAs("status"))
        .containsExactly(
            "accepted_values_status warned",
            "amount_not_negative failed",
            "not_null_customer_id passed");
  }

  @Test
  void moreQuarantinedRowsThanTheCeilingAllowsStopTheRunNamingTheCeiling() {
    // The same staged batch, audited under a pipeline that allows a tenth of the rows read.
    Workspace copy = ws.copyTo(dir).writePipeline(false, "quarantine.max-share = 0.1");
    try (StepScope ceiling = StepScope.open(copy, CLOCK)) {
      assertThatThrownBy(() -> new AuditStep(ceiling.scope()).audit(staged))
          .isInstanceOf(QuarantineCeilingException.class)
          .hasMessageContainingAll(
              "20.0% of the rows read were quarantined (1 of 5)",
              "above pipeline.quarantine.max-share = 0.1", "The rows are in the quarantine table");
    }
  }
}

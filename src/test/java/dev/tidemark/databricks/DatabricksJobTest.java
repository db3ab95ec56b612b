package dev.tidemark.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.plan.RunMode;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Databricks entry point in the session a runtime would give it (here the shared test session,
 * made active): it runs the command line, leaves the session alone, and turns a non-zero exit code
 * into an exception carrying the command's own message.
 */
class DatabricksJobTest {
  @TempDir Path dir;

  private SparkSession session;

  @BeforeEach
  void theRuntimeSessionIsActive() {
    session = TestSpark.session();
    SparkSession.setActiveSession(session);
  }

  @Test
  void runsABackfillInTheActiveSessionAndLeavesItRunning() {
    Workspace ws = Workspace.create(dir);
    ws.generate(2, 80);

    DatabricksJob.main(job(ws, "run", "orders", "--from", "2026-01-01", "--to", "2026-01-02"));

    assertThat(Tables.delta(ws.targetPath()).count()).isPositive();
    List<RunRecord> runs = new RunLog(session, ws.tables()).recent("orders", 10);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(runs.get(0).mode()).isEqualTo(RunMode.BACKFILL);
    // The runtime owns the session: it must still work after the job's main returned.
    assertThat(session.sparkContext().isStopped()).isFalse();
    assertThat(session.range(3).count()).isEqualTo(3);
    assertThat(SparkSession.getActiveSession().get()).isSameAs(session);
  }

  @Test
  void aBadArgumentThrowsWithTheCommandsMessageAndExitCodeTwo() {
    Workspace ws = Workspace.create(dir);

    TidemarkJobFailedException onlyFrom =
        catchThrowableOfType(
            TidemarkJobFailedException.class,
            () -> DatabricksJob.main(job(ws, "run", "orders", "--from", "2026-01-01")));

    assertThat(onlyFrom.exitCode()).isEqualTo(2);
    Cli.Result cli =
        Cli.run(
            ws, MutableClock.at(LocalDate.of(2026, 1, 5)), "run", "orders", "--from", "2026-01-01");
    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(onlyFrom.getMessage())
        .isEqualTo(cli.err().stripTrailing())
        .startsWith("Cannot run a backfill with only --from");
  }

  @Test
  void anUnknownPipelineThrowsWithTheMessageNamingIt() {
    Workspace ws = Workspace.create(dir);

    TidemarkJobFailedException unknown =
        catchThrowableOfType(
            TidemarkJobFailedException.class, () -> DatabricksJob.main(job(ws, "run", "nosuch")));

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.getMessage()).contains("nosuch").doesNotEndWith("\n");
    assertThat(session.sparkContext().isStopped()).isFalse();
  }

  @Test
  void withoutASessionItFailsSayingWhichEntryPointToUseInstead() {
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    try {
      assertThatThrownBy(() -> DatabricksJob.main(new String[] {"run", "orders"}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("for Databricks jobs")
          .hasMessageContaining("run dev.tidemark.cli.TidemarkCli");
      // It looked the session up; it did not make one.
      assertThat(SparkSession.getDefaultSession().isDefined()).isFalse();
    } finally {
      SparkSession.setDefaultSession(session);
      SparkSession.setActiveSession(session);
    }
  }

  private static String[] job(Workspace ws, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf-dir", ws.conf.toString(), "--profile", "test"));
    return all.toArray(String[]::new);
  }
}

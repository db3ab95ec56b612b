package dev.tidemark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.ledger.RunLog;
import dev.tidemark.ledger.RunRecord;
import dev.tidemark.ledger.RunStatus;
import dev.tidemark.plan.DateRange;
import dev.tidemark.sample.SampleSummary;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, test 1: the same backfill three times gives the same table, and reruns change nothing.
 */
class IdempotentBackfillTest {
  private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
  private static final LocalDate LAST = LocalDate.of(2026, 1, 5);

  @TempDir Path dir;

  @Test
  void sameBackfillThreeTimesGivesIdenticalTableAndRerunsChangeNothing() {
    Workspace ws = Workspace.create(dir);
    SampleSummary sample = ws.generate(5, 300);
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 2, 1));
    DateRange range = new DateRange(FIRST, LAST);

    List<RunOutcome> outcomes = new ArrayList<>();
    List<List<String>> contents = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      outcomes.add(ws.pipeline(clock).run(Optional.of(range)));
      contents.add(Tables.target(ws.targetPath()));
      versions.add(Tables.version(ws.targetPath()));
    }

    assertThat(outcomes).allMatch(o -> o instanceof RunOutcome.Succeeded);
    assertThat(contents.get(0)).isNotEmpty().isEqualTo(Tables.goldenAsOf(ws.golden, LAST));
    assertThat(contents.get(1)).isEqualTo(contents.get(0));
    assertThat(contents.get(2)).isEqualTo(contents.get(0));
    assertThat(Tables.duplicateKeys(ws.targetPath())).isZero();
    // Reruns made no commit at all: the target's newest version is the first run's.
    assertThat(versions.get(1)).isEqualTo(versions.get(0));
    assertThat(versions.get(2)).isEqualTo(versions.get(0));

    RunLog log = new RunLog(TestSpark.session(), ws.tables());
    RunRecord first = log.find(outcomes.get(0).run().runId()).orElseThrow();
    assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(first.published().orElseThrow().inserted()).isEqualTo(contents.get(0).size());
    // The run's own counts agree with what the generator wrote.
    assertThat(first.staged().orElseThrow().rowsRead()).isEqualTo(sample.rawRows());
    assertThat(first.staged().orElseThrow().rowsStaged()).isEqualTo(sample.distinctKeys());
    assertThat(first.staged().orElseThrow().exactDuplicates()).isEqualTo(sample.exactDuplicates());
    for (RunOutcome rerun : outcomes.subList(1, 3)) {
      RunRecord row = log.find(rerun.run().runId()).orElseThrow();
      assertThat(row.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(row.published().orElseThrow().inserted()).isZero();
      assertThat(row.published().orElseThrow().updated()).isZero();
      assertThat(row.published().orElseThrow().unchanged()).isEqualTo(contents.get(0).size());
      assertThat(row.published().orElseThrow().merged()).isFalse();
      assertThat(row.reconciled().orElseThrow().mismatchCount()).isZero();
      assertThat(row.staged().orElseThrow().rowsRead())
          .isEqualTo(first.staged().orElseThrow().rowsRead());
    }
  }
}

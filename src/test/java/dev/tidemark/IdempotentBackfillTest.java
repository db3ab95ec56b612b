package dev.tidemark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.control.IntervalLedger;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.RunMode;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.sample.SampleSummary;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, test 1, and issue 4's true no-op reruns: the same backfill again skips every folder
 * (nothing read, no target version), and a forced rerun reads everything but rewrites nothing.
 */
class IdempotentBackfillTest {
  private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
  private static final LocalDate LAST = LocalDate.of(2026, 1, 5);

  @TempDir Path dir;

  @Test
  void sameBackfillSkipsUnchangedFoldersAndAForcedRerunRewritesNothing() {
    Workspace ws = Workspace.create(dir);
    SampleSummary sample = ws.generate(5, 300);
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 2, 1));
    DateRange range = new DateRange(FIRST, LAST);

    List<RunOutcome> outcomes = new ArrayList<>();
    List<List<String>> contents = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    List<Long> watermarkVersions = new ArrayList<>();
    // What each run's staging table holds once the stage step is done (it is deleted at commit).
    Map<String, Long> stagedRows = new ConcurrentHashMap<>();
    StageHooks countStaged =
        (point, runId) -> {
          String path = ws.tables().stagingPath(ws.config().pipeline().name(), runId);
          // A run with nothing to read writes no staging table.
          if (point == StageHooks.Point.AFTER_STAGE && Files.exists(Path.of(path, "_delta_log"))) {
            stagedRows.put(runId, TestSpark.session().read().format("delta").load(path).count());
          }
        };
    for (boolean force : new boolean[] {false, false, true}) {
      outcomes.add(
          ws.pipeline(clock, countStaged).run(RunRequest.of(Optional.of(range)).forced(force)));
      contents.add(Tables.target(ws.targetPath()));
      versions.add(Tables.version(ws.targetPath()));
      watermarkVersions.add(Tables.version(ws.tables().watermarks().path()));
    }

    assertThat(outcomes).allMatch(o -> o instanceof RunOutcome.Succeeded);
    assertThat(contents.get(0)).isNotEmpty().isEqualTo(Tables.goldenAsOf(ws.golden, LAST));
    assertThat(contents.get(1)).isEqualTo(contents.get(0));
    assertThat(contents.get(2)).isEqualTo(contents.get(0));
    assertThat(Tables.duplicateKeys(ws.targetPath())).isZero();
    // Neither rerun made a commit: the target's newest version is the first run's, and its history
    // holds that one MERGE (version 0 is the table's creation).
    assertThat(versions.get(1)).isEqualTo(versions.get(0));
    assertThat(versions.get(2)).isEqualTo(versions.get(0));
    assertThat(
            io.delta.tables.DeltaTable.forPath(TestSpark.session(), ws.targetPath())
                .history()
                .where("operation = 'MERGE'")
                .count())
        .isEqualTo(1);

    RunLog log = new RunLog(TestSpark.session(), ws.tables());
    RunRecord first = log.find(outcomes.get(0).run().runId()).orElseThrow();
    assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(first.published().orElseThrow().inserted()).isEqualTo(contents.get(0).size());
    // The run's own counts agree with what the generator wrote.
    assertThat(first.staged().orElseThrow().rowsRead()).isEqualTo(sample.rawRows());
    assertThat(first.staged().orElseThrow().rowsStaged()).isEqualTo(sample.distinctKeys());
    assertThat(first.staged().orElseThrow().exactDuplicates()).isEqualTo(sample.exactDuplicates());
    assertThat(stagedRows.get(first.runId())).isEqualTo(sample.distinctKeys());

    // The same backfill again: every folder's files and the configuration are as published, so
    // nothing is read, staged or merged.
    RunRecord skipped = log.find(outcomes.get(1).run().runId()).orElseThrow();
    assertThat(skipped.mode()).isEqualTo(RunMode.BACKFILL);
    assertThat(skipped.plan())
        .hasSize(5)
        .allMatch(f -> f.action() == FolderAction.UNCHANGED && f.toRead().isEmpty());
    assertThat(skipped.staged()).isEmpty();
    assertThat(skipped.published().orElseThrow().merged()).isFalse();
    assertThat(skipped.published().orElseThrow().inserted()).isZero();

    // Forced: every file parsed again into the digest the ledger kept when it was published, so
    // none is staged or merged; the ledger keeps naming the run that published them.
    RunRecord forced = log.find(outcomes.get(2).run().runId()).orElseThrow();
    assertThat(forced.mode()).isEqualTo(RunMode.FORCED);
    assertThat(forced.plan())
        .hasSize(5)
        .allMatch(f -> f.action() == FolderAction.VERIFIED && f.toRead().isEmpty());
    // Its run row counts what it verified, apart from the (empty) batch: every raw row and file.
    assertThat(forced.staged())
        .hasValueSatisfying(
            c -> {
              assertThat(c.rowsRead()).isZero();
              assertThat(c.rowsVerified()).isEqualTo(sample.rawRows());
              assertThat(c.filesVerified())
                  .isEqualTo(first.plan().stream().mapToLong(f -> f.toRead().size()).sum());
            });
    assertThat(stagedRows).doesNotContainKey(forced.runId());
    assertThat(forced.published().orElseThrow().inserted()).isZero();
    assertThat(forced.published().orElseThrow().updated()).isZero();
    assertThat(forced.published().orElseThrow().filesAdded()).isZero();
    assertThat(forced.published().orElseThrow().merged()).isFalse();
    assertThat(new IntervalLedger(TestSpark.session(), ws.tables()).all("orders"))
        .hasSize(5)
        .allSatisfy(i -> assertThat(i.runId()).isEqualTo(first.runId()));
    // Against the golden source everything it parsed is still checked, by the target's keys.
    assertThat(forced.reconciled().orElseThrow().mismatchCount()).isZero();
    assertThat(forced.reconciled().orElseThrow().targetRows()).isEqualTo(contents.get(0).size());

    // Neither rerun moved a watermark, so neither wrote the watermarks table: its row still names
    // the run that moved them.
    assertThat(watermarkVersions.get(1)).isEqualTo(watermarkVersions.get(0));
    assertThat(watermarkVersions.get(2)).isEqualTo(watermarkVersions.get(0));
    Watermark watermark =
        new WatermarkStore(TestSpark.session(), ws.tables()).read(ws.config().pipeline().name());
    assertThat(watermark.landing()).contains(LAST);
    assertThat(watermark.runId()).contains(first.runId());
    assertThat(skipped.watermarks().orElseThrow().landingAfter()).contains(LAST);
  }
}

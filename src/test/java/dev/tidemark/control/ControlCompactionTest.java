package dev.tidemark.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.kernel.KernelTables;
import dev.tidemark.plan.DateRange;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control tables every run writes to stay in few files: a run with Spark compacts one that
 * holds more than ten, so reads without Spark (status, history, a run that finds nothing new) stay
 * fast however long the history.
 */
class ControlCompactionTest {
  private static final LocalDate DAY1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 1, 2);

  @TempDir Path dir;

  @Test
  void aRunCompactsTheRunsTableOnceItHoldsMoreThanTenFilesAndKeepsEveryRow() {
    Workspace ws = Workspace.create(dir);
    ws.generate(2, 50);
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 5));
    SparkSession spark = TestSpark.session();
    RunOutcome first = ws.pipeline(clock).run(Optional.of(new DateRange(DAY1, DAY1)));
    RunLog log = new RunLog(spark, ws.tables());
    RunRecord template = log.find(first.run().runId()).orElseThrow();
    // More runs' rows, one file each, as runs without Spark leave them.
    List<String> ids = new ArrayList<>(List.of(template.runId()));
    for (int i = 0; i < ControlCompaction.MAX_FILES - 1; i++) {
      ids.add(log(log, copy(template, "r-20260105-00000" + i + "-aaaaaa", i)));
    }
    // Ten files are left as they are.
    long version = version(spark, ws.tables().runs());
    KernelTables kernel = new KernelTables(spark.sparkContext().hadoopConfiguration());
    assertThat(kernel.files(ws.tables().runs().path())).isEqualTo(ControlCompaction.MAX_FILES);
    assertThat(ControlCompaction.compact(spark, kernel, ControlCompaction.growing(ws.tables())))
        .isEmpty();
    assertThat(version(spark, ws.tables().runs())).isEqualTo(version);
    assertThat(files(spark, ws.tables().runs())).isEqualTo(ControlCompaction.MAX_FILES);
    ids.add(log(log, copy(template, "r-20260105-000009-aaaaaa", 9)));

    RunOutcome second = ws.pipeline(clock).run(Optional.of(new DateRange(DAY2, DAY2)));

    assertThat(second).isInstanceOf(RunOutcome.Succeeded.class);
    ids.add(second.run().runId());
    assertThat(files(spark, ws.tables().runs())).isEqualTo(1);
    // Read without Spark, as status and history read it, every run is there as it was written.
    List<RunRecord> read =
        new KernelControlReads(
                new KernelTables(spark.sparkContext().hadoopConfiguration()), ws.tables())
            .recentRuns("orders", 50);
    assertThat(read).extracting(RunRecord::runId).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(read)
        .filteredOn(r -> r.runId().equals(second.run().runId()))
        .singleElement()
        .extracting(RunRecord::status)
        .isEqualTo(RunStatus.SUCCEEDED);
  }

  private static RunRecord copy(RunRecord template, String runId, int minutes) {
    return new RunRecord(
        runId,
        template.pipeline(),
        template.mode(),
        template.rangeFrom(),
        template.rangeTo(),
        template.status(),
        template.error(),
        template.startedAt().plusSeconds(60L * (minutes + 1)),
        template.endedAt().map(t -> t.plusSeconds(60L * (minutes + 1))),
        Map.of(),
        template.plan(),
        Optional.empty(),
        Optional.empty(), // published nothing: the target check looks past them
        Optional.empty(),
        template.watermarks(),
        template.tidemarkVersion(),
        template.configHash(),
        List.of(),
        template.targetTableId());
  }

  private static String log(RunLog log, RunRecord run) {
    log.start(run);
    return run.runId();
  }

  private static long files(SparkSession spark, ControlTable table) {
    return table.ref().delta(spark).detail().select("numFiles").first().getLong(0);
  }

  private static long version(SparkSession spark, ControlTable table) {
    return table.ref().delta(spark).history(1).select("version").first().getLong(0);
  }
}

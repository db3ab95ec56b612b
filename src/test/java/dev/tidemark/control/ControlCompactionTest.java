package dev.tidemark.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.kernel.KernelTables;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.RunMode;
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

  @TempDir Path dir;

  @Test
  void aRunCompactsTheRunsTableOnceItHoldsMoreThanTenFilesAndKeepsEveryRow() {
    Workspace ws = Workspace.create(dir);
    ws.generate(1, 50);
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 5));
    SparkSession spark = TestSpark.session();
    ws.tables().ensureExist(spark);
    RunLog log = new RunLog(spark, ws.tables());
    // Earlier runs' rows, one file each, as runs without Spark leave them.
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ControlCompaction.MAX_FILES; i++) {
      ids.add(log(log, earlier("r-20260101-00000" + i + "-aaaaaa", i)));
    }
    // Ten files are left as they are.
    long version = version(spark, ws.tables().runs());
    KernelTables kernel = new KernelTables(spark.sparkContext().hadoopConfiguration());
    assertThat(kernel.files(ws.tables().runs().path())).isEqualTo(ControlCompaction.MAX_FILES);
    assertThat(ControlCompaction.compact(spark, kernel, ControlCompaction.growing(ws.tables())))
        .isEmpty();
    assertThat(version(spark, ws.tables().runs())).isEqualTo(version);
    assertThat(files(spark, ws.tables().runs())).isEqualTo(ControlCompaction.MAX_FILES);

    // The run adds the eleventh file.
    RunOutcome second = ws.pipeline(clock).run(Optional.of(new DateRange(DAY1, DAY1)));

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

  /** A finished run of the pipeline that published nothing, started {@code minutes} after DAY1. */
  private static RunRecord earlier(String runId, int minutes) {
    java.time.Instant started =
        DAY1.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(60L * minutes);
    return new RunRecord(
        runId,
        "orders",
        RunMode.INCREMENTAL,
        DAY1,
        DAY1,
        RunStatus.SUCCEEDED,
        Optional.empty(),
        started,
        Optional.of(started.plusSeconds(1)),
        Map.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "test",
        "test",
        List.of(),
        Optional.empty());
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

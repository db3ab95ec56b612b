package dev.tidemark.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.RunRequest;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target changed behind Tidemark's back is not trusted blindly: a run that would skip landing
 * dates because the ledger says they are published first checks that the target is the table the
 * runs left, stops before writing anything when it is not, and names the forced rerun that rebuilds
 * it; that rerun gives the content of runs that were never disturbed.
 */
class TargetTrustTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 1);
  private static final LocalDate NEXT = DAY.plusDays(1);
  private static final DateRange RANGE = new DateRange(DAY, NEXT);
  private static final MutableClock CLOCK = MutableClock.at(NEXT.plusDays(1));
  private static final String REBUILD =
      "tidemark run orders --from 2026-01-01 --to 2026-01-02 --force";

  @TempDir static Path shared;
  @TempDir Path dir;

  /** Two runs, one landing date each: target versions 0 (create), 1 and 2 (their MERGEs). */
  private static Workspace published;

  /** The target as those runs left it. */
  private static List<String> content;

  @BeforeAll
  static void publishTwoDays() {
    published = Workspace.create(shared.resolve("base"), false);
    published.writeRaw(DAY, "a.json", order("o-1", DAY), order("o-2", DAY));
    published.writeRaw(NEXT, "b.json", order("o-3", NEXT), order("o-4", NEXT));
    for (LocalDate day : List.of(DAY, NEXT)) {
      CLOCK.advanceSeconds(60);
      assertThat(published.pipeline(CLOCK).run(Optional.of(new DateRange(day, day))))
          .isInstanceOf(RunOutcome.Succeeded.class);
    }
    assertThat(Tables.version(published.targetPath())).isEqualTo(2);
    content = Tables.target(published.targetPath());
    assertThat(content).hasSize(4);
  }

  @Test
  void theNewestCommitRemovedStopsTheRunAndTheForcedRerunNamedRebuildsTheTarget()
      throws IOException {
    Workspace ws = published.copyTo(dir);
    Path log = Path.of(ws.targetPath().replaceFirst("^file:", ""), "_delta_log");
    Files.delete(log.resolve("00000000000000000002.json"));
    DeltaLog.clearCache(); // as a new process would find it
    // Without the check the ledger says both days are published: nothing would be read again.
    assertThat(Tables.target(ws.targetPath())).hasSize(2);

    String message = refused(ws);

    assertThat(message)
        .contains(
            "is not the table this pipeline's runs published (commit missing): it is at version"
                + " 1, but run ",
            " left it at version 2: commits were removed from its _delta_log",
            "Nothing was written",
            REBUILD);
    // status, which reads through Delta Kernel, says the same, checksum files left or not.
    Cli.Result status = Cli.run(ws, CLOCK, "status", "orders");
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.err())
        .contains(
            "is not the table this pipeline's runs published (commit missing)",
            " left it at version 2: commits were removed from its _delta_log");
    // The removed commit's checksum files are left, and a new commit 2 would be checked against
    // them: the message lists them to delete first.
    List<String> leftovers = leftovers(message);
    assertThat(leftovers).isNotEmpty().allSatisfy(f -> assertThat(f).contains("0000000002."));

    for (String file : leftovers) {
      Files.delete(Path.of(file.replaceFirst("^file:", "")));
    }
    assertRebuilt(ws);
  }

  @Test
  void aDeleteByHandAfterTheLastRunStopsTheRunAndTheForcedRerunRepairsIt() {
    Workspace ws = published.copyTo(dir);
    TestSpark.session().sql("DELETE FROM delta.`" + ws.targetPath() + "` WHERE order_id = 'o-3'");

    assertThat(refused(ws))
        .contains(
            "(history changed by hand): version 3 is a DELETE made outside a run",
            "Nothing was written",
            REBUILD);
    // status shows it too, before anyone runs.
    Cli.Result status = Cli.run(ws, CLOCK, "status", "orders");
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.err())
        .contains(
            "orders: The target ",
            "(history changed by hand): version 3 is a DELETE made outside a run",
            REBUILD);

    assertRebuilt(ws);
    assertThat(Cli.run(ws, CLOCK, "status", "orders").exitCode()).isZero();
  }

  @Test
  void aRestoreByHandIsFoundToo() {
    Workspace ws = published.copyTo(dir);
    DeltaTable.forPath(TestSpark.session(), ws.targetPath()).restoreToVersion(1);

    assertThat(refused(ws))
        .contains("(history changed by hand): version 3 is a RESTORE made outside a run", REBUILD);
    // From the command line: exit 1, the finding and the way out, no stack trace.
    Cli.Result run =
        Cli.run(ws, CLOCK, "run", "orders", "--from", DAY.toString(), "--to", NEXT.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("Cannot complete 'run': The target ", "a RESTORE made outside a run", REBUILD)
        .doesNotContain("\tat ");
  }

  @Test
  void aTargetDeletedAndCreatedAgainIsANewTableAndTheForcedRerunFillsIt() throws IOException {
    Workspace ws = published.copyTo(dir);
    String path = ws.targetPath();
    Dataset<Row> kept = Tables.delta(path).where(functions.col("order_id").notEqual("o-3"));
    Dataset<Row> copy = TestSpark.session().createDataFrame(kept.collectAsList(), kept.schema());
    deleteTree(Path.of(path.replaceFirst("^file:", "")));
    DeltaLog.clearCache();
    copy.write().format("delta").partitionBy("order_date").save(path);

    assertThat(refused(ws))
        .contains(
            "(table recreated): its Delta table id is ",
            "it was deleted and created again",
            REBUILD);
    assertRebuilt(ws);
  }

  /** A plain run over the range: refused, and nothing written to the target or control tables. */
  private static String refused(Workspace ws) {
    long version = Tables.version(ws.targetPath());
    long runs = Tables.delta(ws.tables().runs().path()).count();
    List<Row> intervals = Tables.delta(ws.tables().intervals().path()).collectAsList();

    Throwable error = null;
    try {
      run(ws, false);
    } catch (TargetNotTrustedException e) {
      error = e;
    }
    assertThat(error).as("the run was refused").isNotNull();
    assertThat(Tables.version(ws.targetPath())).isEqualTo(version);
    assertThat(Tables.delta(ws.tables().runs().path()).count()).isEqualTo(runs);
    assertThat(Tables.delta(ws.tables().intervals().path()).collectAsList())
        .containsExactlyInAnyOrderElementsOf(intervals);
    return error.getMessage();
  }

  /** The forced rerun the message names, then a plain run: the target as the runs left it. */
  private static void assertRebuilt(Workspace ws) {
    RunOutcome forced = run(ws, true);
    assertThat(forced).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(Tables.target(ws.targetPath())).isEqualTo(content);
    assertThat(Tables.duplicateKeys(ws.targetPath())).isZero();

    RunOutcome after = run(ws, false);
    assertThat(after).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(after.run().plan())
        .extracting(FolderPlan::action)
        .containsOnly(FolderAction.UNCHANGED);
    RunRecord recorded =
        new RunLog(TestSpark.session(), ws.tables()).find(forced.run().runId()).orElseThrow();
    assertThat(recorded.targetTableId())
        .contains(
            DeltaTable.forPath(TestSpark.session(), ws.targetPath())
                .detail()
                .select("id")
                .first()
                .getString(0));
    assertThat(new IntervalLedger(TestSpark.session(), ws.tables()).all("orders")).hasSize(2);
  }

  /** Runs the range a minute after the run before: runs are told apart by when they started. */
  private static RunOutcome run(Workspace ws, boolean force) {
    CLOCK.advanceSeconds(60);
    return ws.pipeline(CLOCK).run(RunRequest.of(Optional.of(RANGE)).forced(force));
  }

  private static List<String> leftovers(String message) {
    Matcher m =
        Pattern.compile("Delete the checksum files the removed commits left \\(([^)]*)\\)")
            .matcher(message);
    assertThat(m.find()).as(message).isTrue();
    return List.of(m.group(1).split(", "));
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String order(String id, LocalDate day) {
    return Workspace.order(id, day, "placed", "1.00", day + "T08:00:00Z", 1);
  }
}

package dev.tidemark.publish;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.plan.LandingFolder;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.stage.StageResult;
import dev.tidemark.stage.Stager;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publish stage on its own: one tagged MERGE, limited to the batch's partitions, once. */
class MergeExecutorTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 2);

  @TempDir Path dir;

  private StageResult stage(Workspace ws, String name) {
    SparkSession spark = TestSpark.session();
    PipelineConfig p = ws.config().pipeline();
    List<SourceFile> files =
        new FolderLister(spark.sparkContext().hadoopConfiguration())
            .list(p.source().path(), p.source().layout(), new DateRange(DAY, DAY)).stream()
                .map(LandingFolder::files)
                .flatMap(List::stream)
                .toList();
    return Stager.stage(
        spark,
        p,
        files,
        dir.resolve("staging-" + name).toString(),
        dev.tidemark.transform.RowHash.Version.CURRENT);
  }

  @Test
  void theMergeIsTaggedPrunedToTheBatchPartitionsAndAppliedOncePerRun() {
    Workspace ws = Workspace.create(dir, false);
    PipelineConfig p = ws.config().pipeline();
    ws.writeRaw(
        DAY,
        "a.json",
        order("ORD-1", LocalDate.of(2026, 1, 1), "created", "10.00", "2026-01-01T10:00:00.000Z", 1),
        order("ORD-2", DAY, "created", "20.00", "2026-01-02T10:00:00.000Z", 1));
    StageResult first = stage(ws, "1");
    PublishCounts applied =
        MergeExecutor.publish(TestSpark.session(), MergeSpec.of(p, "r-1", first));
    assertThat(applied.merged()).isTrue();
    assertThat(applied.inserted()).isEqualTo(2);

    // The same run resumed after its MERGE landed: the rows it wrote were lost since (deleted
    // here), so they look new again, but Delta's transaction id says r-1 was applied: no commit.
    DeltaTable.forPath(TestSpark.session(), p.targetPath())
        .delete(functions.col("order_id").equalTo("ORD-2"));
    long versionBeforeResume = Tables.version(p.targetPath());
    PublishCounts resumed =
        MergeExecutor.publish(TestSpark.session(), MergeSpec.of(p, "r-1", first));
    assertThat(Tables.version(p.targetPath())).isEqualTo(versionBeforeResume);
    assertThat(resumed.versionAfter()).isEqualTo(applied.versionAfter());
    assertThat(Tables.delta(p.targetPath()).count()).isEqualTo(1);

    // A new run with a newer version of one order: tagged with its run id, and the MERGE
    // condition names only the partition of the batch.
    ws.writeRaw(
        DAY,
        "a.json",
        order("ORD-1", LocalDate.of(2026, 1, 1), "paid", "10.00", "2026-01-02T09:00:00.000Z", 2));
    PublishCounts second =
        MergeExecutor.publish(TestSpark.session(), MergeSpec.of(p, "r-2", stage(ws, "2")));
    assertThat(second.updated()).isEqualTo(1);
    Row commit =
        DeltaTable.forPath(TestSpark.session(), p.targetPath())
            .history(1)
            .select("operation", "userMetadata", "operationParameters")
            .first();
    assertThat(commit.getString(0)).isEqualTo("MERGE");
    assertThat(commit.getString(1)).isEqualTo("r-2");
    String predicate = commit.<String, String>getJavaMap(2).get("predicate");
    assertThat(predicate).contains("order_date", "2026-01-01").doesNotContain("2026-01-02");
  }

  private static final LocalDate ORDER_DAY = LocalDate.of(2026, 1, 1);

  /** An order event of {@link #ORDER_DAY} at {@code dayAndTime} of January 2026, e.g. "1T10:00". */
  private static String event(String id, String status, String dayAndTime, int version) {
    return Workspace.order(
        id, ORDER_DAY, status, "10.00", "2026-01-0" + dayAndTime + ":00.000Z", version);
  }

  /** The target's rows as {@code id|status|version}, sorted. */
  private static List<String> target(PipelineConfig p) {
    return Tables.delta(p.targetPath())
        .select(
            functions.concat_ws(
                "|", functions.col("order_id"), functions.col("status"), functions.col("version")))
        .orderBy(functions.col("order_id"))
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  @Test
  void eachStagedRowIsCountedAsInsertUpdateUnchangedOrStaleAndTheTargetHoldsTheNewestVersions() {
    Workspace ws = Workspace.create(dir, false);
    PipelineConfig p = ws.config().pipeline();
    ws.writeRaw(
        DAY,
        "a.json",
        event("ORD-1", "created", "1T10:00", 1),
        event("ORD-2", "created", "1T10:00", 1),
        event("ORD-3", "paid", "1T12:00", 2));
    PublishCounts first =
        MergeExecutor.publish(TestSpark.session(), MergeSpec.of(p, "r-1", stage(ws, "1")));
    assertThat(first.inserted()).isEqualTo(3);

    ws.writeRaw(
        DAY,
        "a.json",
        event("ORD-1", "paid", "1T11:00", 2), // newer: an update
        event("ORD-2", "created", "1T10:00", 1), // the same version: unchanged
        event("ORD-3", "created", "1T10:00", 1), // older than the target's: stale
        event("ORD-4", "created", "1T10:00", 1)); // a new key: an insert
    PublishCounts second =
        MergeExecutor.publish(TestSpark.session(), MergeSpec.of(p, "r-2", stage(ws, "2")));

    assertThat(second.merged()).isTrue();
    assertThat(second.inserted()).isEqualTo(1);
    assertThat(second.updated()).isEqualTo(1);
    assertThat(second.deleted()).isZero();
    assertThat(second.unchanged()).isEqualTo(1);
    assertThat(second.stale()).isEqualTo(1);
    assertThat(second.versionBefore()).isEqualTo(first.versionAfter());
    assertThat(second.versionAfter()).isEqualTo(first.versionAfter() + 1);
    assertThat(target(p))
        .containsExactly("ORD-1|paid|2", "ORD-2|created|1", "ORD-3|paid|2", "ORD-4|created|1");
  }

  @Test
  void aBatchTheTargetAlreadyHoldsMakesNoMergeAndNoNewVersion() {
    Workspace ws = Workspace.create(dir, false);
    PipelineConfig p = ws.config().pipeline();
    ws.writeRaw(
        DAY,
        "a.json",
        event("ORD-1", "created", "1T10:00", 1),
        event("ORD-2", "paid", "1T11:00", 2));
    StageResult staged = stage(ws, "1");
    PublishCounts first =
        MergeExecutor.publish(TestSpark.session(), MergeSpec.of(p, "r-1", staged));
    List<String> before = Tables.target(p.targetPath());

    // Another run of the same rows: every one is unchanged, so no MERGE rewrites any file.
    PublishCounts again =
        MergeExecutor.publish(TestSpark.session(), MergeSpec.of(p, "r-2", staged));

    assertThat(again.merged()).isFalse();
    assertThat(again.inserted()).isZero();
    assertThat(again.updated()).isZero();
    assertThat(again.unchanged()).isEqualTo(2);
    assertThat(again.stale()).isZero();
    assertThat(again.versionBefore()).isEqualTo(first.versionAfter());
    assertThat(again.versionAfter()).isEqualTo(first.versionAfter());
    assertThat(Tables.version(p.targetPath())).isEqualTo(first.versionAfter());
    assertThat(Tables.target(p.targetPath())).isEqualTo(before);
  }

  @Test
  void aNewerTombstoneDeletesItsKeyAnOlderOneIsStaleAndOneOfAnAbsentKeyDeletesNothing() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  deletes { op-column = status, delete-values = [deleted] }");
    PipelineConfig p = ws.config().pipeline();
    DeleteContext deletes =
        new DeleteContext(p.deletes(), Optional.of(ws.tables()), Instant.now(), false, List.of());
    ws.writeRaw(
        DAY,
        "a.json",
        event("ORD-1", "created", "1T10:00", 1),
        event("ORD-2", "paid", "1T11:00", 2));
    MergeExecutor.publish(TestSpark.session(), MergeSpec.of(p, "r-1", stage(ws, "1")), deletes);

    ws.writeRaw(
        DAY,
        "a.json",
        event("ORD-1", "deleted", "1T12:00", 2), // newer than the target's row: deletes it
        event("ORD-2", "deleted", "1T10:00", 1), // older than the target's row: stale
        event("ORD-9", "deleted", "1T12:00", 1)); // a key the target never held
    PublishCounts result =
        MergeExecutor.publish(TestSpark.session(), MergeSpec.of(p, "r-2", stage(ws, "2")), deletes);

    assertThat(result.merged()).isTrue();
    assertThat(result.deleted()).isEqualTo(1);
    assertThat(result.inserted()).isZero();
    assertThat(result.updated()).isZero();
    assertThat(result.stale()).isEqualTo(1);
    assertThat(result.nothingToDelete()).isEqualTo(1);
    assertThat(target(p)).containsExactly("ORD-2|paid|2");
  }
}

package dev.tidemark.publish;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.config.PipelineConfig;
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
import java.time.LocalDate;
import java.util.List;
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
            .list(p.source().path(), "dt=", new DateRange(DAY, DAY)).stream()
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
    MergeResult applied = MergeExecutor.publish(TestSpark.session(), MergeSpec.of(p, "r-1", first));
    assertThat(applied.merged()).isTrue();
    assertThat(applied.inserted()).isEqualTo(2);

    // The same run resumed after its MERGE landed: the rows it wrote were lost since (deleted
    // here), so they look new again, but Delta's transaction id says r-1 was applied: no commit.
    DeltaTable.forPath(TestSpark.session(), p.targetPath())
        .delete(functions.col("order_id").equalTo("ORD-2"));
    long versionBeforeResume = Tables.version(p.targetPath());
    MergeResult resumed = MergeExecutor.publish(TestSpark.session(), MergeSpec.of(p, "r-1", first));
    assertThat(Tables.version(p.targetPath())).isEqualTo(versionBeforeResume);
    assertThat(resumed.versionAfter()).isEqualTo(applied.versionAfter());
    assertThat(Tables.delta(p.targetPath()).count()).isEqualTo(1);

    // A new run with a newer version of one order: tagged with its run id, and the MERGE
    // condition names only the partition of the batch.
    ws.writeRaw(
        DAY,
        "a.json",
        order("ORD-1", LocalDate.of(2026, 1, 1), "paid", "10.00", "2026-01-02T09:00:00.000Z", 2));
    MergeResult second =
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
}

package dev.tidemark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.plan.DateRange;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import dev.tidemark.transform.RowHash;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets record how their row hashes are computed, and a run hashes the way its target does: a
 * target written before the faster hash existed stays correct, and its forced rerun stays a no-op.
 */
class RowHashVersionTest {
  private static final DateRange RANGE =
      new DateRange(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 3));

  @TempDir Path dir;

  @Test
  void aNewTargetRecordsTheCurrentHashAndAnOlderTargetKeepsItsOwn() {
    SparkSession spark = TestSpark.session();
    Workspace ws = Workspace.create(dir);
    ws.generate(3, 200);
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 2, 1));

    assertThat(ws.pipeline(clock).run(Optional.of(RANGE))).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(properties(spark, ws.targetPath()))
        .containsEntry(RowHash.Version.PROPERTY, RowHash.Version.TYPED_VALUES.property());

    // Make it a target from before the property: hashes as canonical JSON, no property.
    Dataset<Row> target = Tables.delta(ws.targetPath());
    Dataset<Row> rehashed =
        RowHash.add(target, ws.config().pipeline().columns(), RowHash.Version.CANONICAL_JSON)
            .localCheckpoint();
    rehashed.write().format("delta").mode("overwrite").save(ws.targetPath());
    spark.sql(
        "ALTER TABLE delta.`"
            + ws.targetPath()
            + "` UNSET TBLPROPERTIES ('"
            + RowHash.Version.PROPERTY
            + "')");
    List<String> before = Tables.target(ws.targetPath());
    long version = Tables.version(ws.targetPath());

    RunOutcome forced = ws.pipeline(clock).run(RunRequest.of(Optional.of(RANGE)).forced(true));

    assertThat(forced).isInstanceOf(RunOutcome.Succeeded.class);
    RunRecord run = new RunLog(spark, ws.tables()).find(forced.run().runId()).orElseThrow();
    // Hashed the target's way, every row is found unchanged: nothing is rewritten.
    assertThat(run.published().orElseThrow().updated()).isZero();
    assertThat(run.published().orElseThrow().inserted()).isZero();
    assertThat(run.published().orElseThrow().unchanged()).isEqualTo(before.size());
    assertThat(Tables.version(ws.targetPath())).isEqualTo(version);
    assertThat(Tables.target(ws.targetPath())).isEqualTo(before);
    assertThat(properties(spark, ws.targetPath())).doesNotContainKey(RowHash.Version.PROPERTY);
  }

  private static Map<String, String> properties(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).detail().select("properties").first().getJavaMap(0);
  }
}

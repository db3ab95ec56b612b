package dev.tidemark.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.testing.TestSpark;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Control tables written by an earlier Tidemark keep working. */
class ControlTablesTest {
  @TempDir Path dir;

  @Test
  void anOlderTableReadsWithNullsAndGainsTheNewColumnsOnTheNextRun() {
    SparkSession spark = TestSpark.session();
    ControlStore tables = new ControlStore(dir.toString());
    // A watermarks table as an older Tidemark might have written it, without run_id.
    spark
        .createDataFrame(
            List.of(RowFactory.create("orders", java.sql.Date.valueOf("2026-01-03"))),
            StructType.fromDDL("pipeline STRING, landing_watermark DATE"))
        .write()
        .format("delta")
        .save(tables.watermarks().path());

    Watermark before = new WatermarkStore(spark, tables).read("orders");
    assertThat(before.landing()).map(Object::toString).contains("2026-01-03");
    assertThat(before.runId()).isEmpty();

    tables.ensureExist(spark);
    assertThat(spark.read().format("delta").load(tables.watermarks().path()).columns())
        .contains("run_id", "event_watermark", "updated_at");
    assertThat(Arrays.asList(spark.read().format("delta").load(tables.runs().path()).columns()))
        .contains("run_id", "plan");
  }

  @Test
  void aColumnOfAnotherTypeStopsWithAMessage() {
    SparkSession spark = TestSpark.session();
    ControlStore tables = new ControlStore(dir.toString());
    spark
        .createDataFrame(
            List.of(RowFactory.create("orders", "2026-01-03")),
            StructType.fromDDL("pipeline STRING, landing_watermark STRING"))
        .write()
        .format("delta")
        .save(tables.watermarks().path());

    assertThatThrownBy(() -> tables.ensureExist(spark))
        .hasMessageContainingAll(
            "Cannot use control table watermarks", "landing_watermark is string", "date");
  }

  @Test
  void aTableThatCannotBeCreatedFailsWithSparksOwnError() {
    SparkSession spark = TestSpark.session();
    ControlStore tables = new ControlStore(dir.toString());
    // Plain Parquet where the runs table belongs: Delta refuses to create a table over it with an
    // AnalysisException, a checked exception Spark throws undeclared, from a pool thread here.
    spark
        .createDataFrame(List.of(RowFactory.create("x")), StructType.fromDDL("note STRING"))
        .write()
        .parquet(tables.runs().path());

    assertThatThrownBy(() -> tables.ensureExist(spark))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining(tables.runs().path());
    // The error comes only after the tables created beside it are done, not while their threads
    // still write (a rerun would find them half made, and a cleanup would race them).
    assertThat(List.of(tables.watermarks(), tables.intervals(), tables.reconciliation()))
        .allSatisfy(t -> assertThat(t.exists(spark)).as(t.path()).isTrue());
  }
}

package dev.tidemark.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta Kernel reads a table's rows as Spark reads them: the same values of every type the control
 * tables use, NULL for columns an older table lacks, and no row a delete removed.
 */
class KernelTablesTest {
  private static final StructType SCHEMA =
      StructType.fromDDL(
          "pipeline STRING, n BIGINT, i INT, d DOUBLE, day DATE, at TIMESTAMP,"
              + " tags ARRAY<STRING>, ms MAP<STRING, BIGINT>,"
              + " files ARRAY<STRUCT<path: STRING, size: BIGINT, modified_at: TIMESTAMP>>,"
              + " added_later STRING");

  @TempDir Path dir;

  private final SparkSession spark = TestSpark.session();
  private final KernelTables kernel = new KernelTables(new Configuration());

  @Test
  void readsEveryColumnAsSparkDoesAndAColumnTheTableLacksAsNull() {
    String path = dir.resolve("t").toString();
    spark
        .sql(
            "SELECT 'orders' AS pipeline, 7L AS n, 3 AS i, 0.25D AS d, DATE'2026-01-02' AS day,"
                + " TIMESTAMP'2026-01-02 03:04:05.123456' AS at, array('a', 'b') AS tags,"
                + " map('stage', 12L) AS ms,"
                + " array(named_struct('path', 'f1.json', 'size', 10L,"
                + "   'modified_at', TIMESTAMP'2026-01-01 00:00:00')) AS files"
                + " UNION ALL SELECT 'other', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL")
        .write()
        .format("delta")
        .save(path);

    List<Row> rows = kernel.rows(path, SCHEMA, "pipeline", "orders");

    assertThat(rows).hasSize(1);
    Row viaSpark =
        spark.read().format("delta").load(path).where("pipeline = 'orders'").collectAsList().get(0);
    Row row = rows.get(0);
    for (String column : List.of("pipeline", "n", "i", "d", "day", "at")) {
      assertThat(row.<Object>getAs(column)).as(column).isEqualTo(viaSpark.getAs(column));
    }
    assertThat(row.<String>getList(row.fieldIndex("tags"))).containsExactly("a", "b");
    assertThat(row.<String, Long>getJavaMap(row.fieldIndex("ms"))).containsEntry("stage", 12L);
    Row file = row.<Row>getList(row.fieldIndex("files")).get(0);
    assertThat(file.<String>getAs("path")).isEqualTo("f1.json");
    assertThat(file.<Object>getAs("modified_at"))
        .isEqualTo(viaSpark.<Row>getList(viaSpark.fieldIndex("files")).get(0).getAs(2));
    assertThat(row.<Object>getAs("added_later")).isNull();
    assertThat(kernel.rows(path, SCHEMA, "pipeline", "other").get(0).<Object>getAs("n")).isNull();
  }

  @Test
  void rowsADeleteRemovedAreGoneEvenWithDeletionVectors() {
    String path = dir.resolve("dv").toString();
    spark
        .sql("SELECT 'orders' AS pipeline, id AS n FROM range(5)")
        .write()
        .format("delta")
        .option("delta.enableDeletionVectors", "true")
        .save(path);
    spark.sql(
        "ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (delta.enableDeletionVectors = true)");
    spark.sql("DELETE FROM delta.`" + path + "` WHERE n IN (1, 3)");

    List<Row> rows =
        kernel.rows(path, StructType.fromDDL("pipeline STRING, n BIGINT"), "pipeline", "orders");

    assertThat(rows.stream().map(r -> r.<Long>getAs("n"))).containsExactlyInAnyOrder(0L, 2L, 4L);
  }

  @Test
  void aTableKernelCreatesIsTheTableSparkWouldHaveCreatedAndASecondCreateLosesQuietly() {
    String path = dir.resolve("created").toString();
    StructType schema = SCHEMA.add("extra", "string");

    assertThat(kernel.create(path, schema, java.util.Map.of("tidemark.table", "t"))).isTrue();
    assertThat(kernel.create(path, schema, java.util.Map.of("tidemark.table", "t")))
        .as("another process created it first")
        .isFalse();

    // Spark reads the same schema and properties, writes to it and reads its rows back.
    assertThat(spark.read().format("delta").load(path).schema()).isEqualTo(schema);
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").first();
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("tidemark.table", "t");
    assertThat(detail.<Integer>getAs("minReaderVersion")).isEqualTo(1);
    assertThat(detail.<Integer>getAs("minWriterVersion")).isEqualTo(2);
    spark
        .sql("SELECT 'orders' AS pipeline, 1L AS n")
        .write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "false")
        .save(path);
    assertThat(kernel.rows(path, SCHEMA, "pipeline", "orders")).hasSize(1);
  }

  @Test
  void noTableIsNoRowsAndNoVersion() {
    String path = dir.resolve("none").toString();

    assertThat(kernel.exists(path)).isFalse();
    assertThat(kernel.version(path)).isEmpty();
    assertThat(kernel.rows(path, SCHEMA, "pipeline", "orders")).isEmpty();
  }
}

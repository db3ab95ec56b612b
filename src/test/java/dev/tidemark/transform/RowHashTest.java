package dev.tidemark.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The row hash: stable for the same row, different for different rows. */
class RowHashTest {
  private static long hash(SparkSession spark, String select, List<String> columns) {
    return RowHash.add(spark.sql("SELECT " + select), columns).first().getAs(Columns.ROW_HASH);
  }

  @Test
  void columnOrderDoesNotMatterButNullPositionsDo() {
    SparkSession spark = TestSpark.session();
    long ab = hash(spark, "'x' AS a, 'y' AS b", List.of("a", "b"));
    long ba = hash(spark, "'y' AS b, 'x' AS a", List.of("b", "a"));
    long nullFirst = hash(spark, "CAST(NULL AS STRING) AS a, 'x' AS b", List.of("a", "b"));
    long nullSecond = hash(spark, "'x' AS a, CAST(NULL AS STRING) AS b", List.of("a", "b"));
    assertThat(ab).isEqualTo(ba);
    assertThat(nullFirst).isNotEqualTo(nullSecond);
  }

  @Test
  void timesHashTheSameInAnySessionTimeZoneAndMicrosecondsCount() {
    SparkSession spark = TestSpark.session().newSession();
    String time = "TIMESTAMP'2026-01-01 10:00:00.000001 UTC' AS t";
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    long utc = hash(spark, time, List.of("t"));
    spark.conf().set("spark.sql.session.timeZone", "America/New_York");
    long newYork = hash(spark, time, List.of("t"));
    long otherMicro = hash(spark, "TIMESTAMP'2026-01-01 10:00:00.000002 UTC' AS t", List.of("t"));
    assertThat(newYork).isEqualTo(utc);
    assertThat(otherMicro).isNotEqualTo(utc);
  }

  @Test
  void anAddedColumnThatIsNullKeepsOldHashes() {
    SparkSession spark = TestSpark.session();
    Row before = RowHash.add(spark.sql("SELECT 'x' AS a"), List.of("a")).first();
    Row after =
        RowHash.add(spark.sql("SELECT 'x' AS a, CAST(NULL AS INT) AS c"), List.of("a", "c"))
            .first();
    assertThat((long) after.getAs(Columns.ROW_HASH))
        .isEqualTo((long) before.getAs(Columns.ROW_HASH));
  }
}

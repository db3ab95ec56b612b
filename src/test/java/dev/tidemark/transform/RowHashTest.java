package dev.tidemark.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.testing.TestSpark;
import dev.tidemark.transform.RowHash.Version;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The row hash, in both versions: stable for the same row, different for different rows. */
class RowHashTest {
  private static long hash(SparkSession spark, String select, List<String> columns, Version v) {
    return RowHash.add(spark.sql("SELECT " + select), columns, v).first().getAs(Columns.ROW_HASH);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void columnOrderDoesNotMatterButNullPositionsDo(Version v) {
    SparkSession spark = TestSpark.session();
    long ab = hash(spark, "'x' AS a, 'y' AS b", List.of("a", "b"), v);
    long ba = hash(spark, "'y' AS b, 'x' AS a", List.of("b", "a"), v);
    long nullFirst = hash(spark, "CAST(NULL AS STRING) AS a, 'x' AS b", List.of("a", "b"), v);
    long nullSecond = hash(spark, "'x' AS a, CAST(NULL AS STRING) AS b", List.of("a", "b"), v);
    assertThat(ab).isEqualTo(ba);
    assertThat(nullFirst).isNotEqualTo(nullSecond);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void timesHashTheSameInAnySessionTimeZoneAndMicrosecondsCount(Version v) {
    SparkSession spark = TestSpark.session().newSession();
    String time = "TIMESTAMP'2026-01-01 10:00:00.000001 UTC' AS t";
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    long utc = hash(spark, time, List.of("t"), v);
    spark.conf().set("spark.sql.session.timeZone", "America/New_York");
    long newYork = hash(spark, time, List.of("t"), v);
    long otherMicro =
        hash(spark, "TIMESTAMP'2026-01-01 10:00:00.000002 UTC' AS t", List.of("t"), v);
    assertThat(newYork).isEqualTo(utc);
    assertThat(otherMicro).isNotEqualTo(utc);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void anAddedColumnThatIsNullKeepsOldHashes(Version v) {
    SparkSession spark = TestSpark.session();
    long before = hash(spark, "'x' AS a", List.of("a"), v);
    long after = hash(spark, "'x' AS a, CAST(NULL AS INT) AS c", List.of("a", "c"), v);
    assertThat(after).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void valuesThatMoveBetweenColumnsChangeTheHash(Version v) {
    SparkSession spark = TestSpark.session();
    long one = hash(spark, "'xy' AS a, 'z' AS b", List.of("a", "b"), v);
    long other = hash(spark, "'x' AS a, 'yz' AS b", List.of("a", "b"), v);
    long swapped = hash(spark, "'z' AS a, 'xy' AS b", List.of("a", "b"), v);
    assertThat(one).isNotEqualTo(other).isNotEqualTo(swapped);
  }

  @Test
  void mapsAndVariantsAreHashedTooThoughSparkCannotHashThem() {
    SparkSession spark = TestSpark.session();
    String row = "map('k', 1) AS m, parse_json('{\"a\":1}') AS v, 'x' AS s";
    long hash = hash(spark, row, List.of("m", "v", "s"), Version.TYPED_VALUES);
    long otherMap =
        hash(
            spark,
            "map('k', 2) AS m, parse_json('{\"a\":1}') AS v, 'x' AS s",
            List.of("m", "v", "s"),
            Version.TYPED_VALUES);
    assertThat(hash).isNotEqualTo(otherMap);
  }

  @Test
  void theCanonicalJsonHashIsTheHashOfTheRowsJsonTextAsTargetsBeforeVersionTwoHoldIt() {
    SparkSession spark = TestSpark.session();
    long hashed =
        hash(
            spark,
            "CAST(NULL AS STRING) AS c, 'x' AS b, TIMESTAMP'2026-01-01 10:00:00 UTC' AS a",
            List.of("c", "b", "a"),
            Version.CANONICAL_JSON);
    long text =
        spark
            .sql("SELECT xxhash64('{\"a\":\"2026-01-01T10:00:00.000000Z\",\"b\":\"x\"}')")
            .first()
            .getLong(0);
    assertThat(hashed).isEqualTo(text);
  }

  @Test
  void aTargetWithoutThePropertyPredatesItAndAnUnknownValueIsAnError() {
    assertThat(Version.ofProperty(Optional.empty())).isEqualTo(Version.CANONICAL_JSON);
    assertThat(Version.ofProperty(Optional.of("2"))).isEqualTo(Version.TYPED_VALUES);
    assertThatThrownBy(() -> Version.ofProperty(Optional.of("9")))
        .hasMessageContaining("tidemark.rowHash = '9'")
        .hasMessageContaining("newer");
  }

  /** One order with a column of every kind an order has, NULL included. */
  private static final String FIXED_ORDER =
      "'ORD-1' AS order_id, CAST(NULL AS STRING) AS customer_id, DATE'2026-01-01' AS order_date,"
          + " 'paid' AS status, CAST(12.50 AS DECIMAL(12,2)) AS amount, 'EUR' AS currency,"
          + " TIMESTAMP'2026-01-01 10:00:00.000001 UTC' AS updated_at, 2 AS version";

  /**
   * The columns hashed, in this order. A copy of Tables.ORDER_COLUMNS on purpose: the pinned hashes
   * below must not move when the tests' sample schema does.
   */
  private static final List<String> FIXED_ORDER_COLUMNS =
      List.of(
          "order_id",
          "customer_id",
          "order_date",
          "status",
          "amount",
          "currency",
          "updated_at",
          "version");

  /**
   * The hash every target holds for this row, per version, as computed when each version shipped. A
   * change to how rows are hashed fails here: otherwise every row of every target would look
   * changed to the next run, which would rewrite whole tables. Change the hash only as a new
   * version, and keep these.
   */
  @ParameterizedTest
  @EnumSource(Version.class)
  void aFixedRowHasTheHashTargetsAlreadyHold(Version v) {
    long expected =
        switch (v) {
          case CANONICAL_JSON -> 6157361449438085479L;
          case TYPED_VALUES -> 5528962106717978574L;
        };
    assertThat(hash(TestSpark.session(), FIXED_ORDER, FIXED_ORDER_COLUMNS, v)).isEqualTo(expected);
  }
}

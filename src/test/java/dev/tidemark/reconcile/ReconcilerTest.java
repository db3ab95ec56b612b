package dev.tidemark.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.config.InvalidConfigException;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import dev.tidemark.transform.Columns;
import dev.tidemark.transform.RowHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 3, test 5: missing, extra and mismatched keys are counted right, NULL keys included. */
class ReconcilerTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 1, 3);

  @TempDir Path dir;

  /**
   * Target: A, B (amount differs), C (status NULL on both sides), D (not in golden), F (status NULL
   * in golden only, and amount differs). Golden as of 2026-01-03: A, B, C, F, E (not in target),
   * two rows with a NULL key, and rows of A and E that are not valid on that date.
   */
  private Workspace workspace() throws IOException {
    return workspace(AMOUNT_EXACT);
  }

  /** Decimal amounts are compared through one hash of each row's values. */
  private static final String AMOUNT_EXACT = "DECIMAL(12,2)";

  /** Floating point amounts are compared value by value (0.0 and -0.0 hash apart). */
  private static final String AMOUNT_FLOATING = "DOUBLE";

  private Workspace workspace(String amountType) throws IOException {
    Workspace ws = Workspace.create(dir);
    if (!amountType.equals(AMOUNT_EXACT)) {
      ws.writePipeline(
          true,
          "  source.schema = \""
              + Workspace.ORDERS_SCHEMA.replace(AMOUNT_EXACT, amountType)
              + "\"\n");
    }
    SparkSession spark = TestSpark.session();
    Dataset<Row> target =
        rows(
            spark,
            row("A", "created", "10.00", 1),
            row("B", "paid", "20.00", 2),
            row("C", null, "30.00", 1),
            row("D", "created", "40.00", 1),
            row("F", "created", "80.00", 1));
    target = target.withColumn("amount", functions.col("amount").cast(amountType));
    target =
        RowHash.add(
                target,
                List.of(StructType.fromDDL(Workspace.ORDERS_SCHEMA).fieldNames()),
                RowHash.Version.CURRENT)
            .withColumn(Columns.LANDING_DATE, functions.lit(java.sql.Date.valueOf(AS_OF)))
            .withColumn(Columns.RUN_ID, functions.lit("r-test"));
    target.write().format("delta").partitionBy("order_date").save(ws.targetPath());

    Files.createDirectories(ws.golden);
    Files.write(
        ws.golden.resolve("golden.json"),
        List.of(
            golden("\"A\"", "created", "10.00", 1, "2026-01-01", "null"),
            golden("\"A\"", "created", "99.00", 0, "2025-12-01", "\"2026-01-01\""),
            golden("\"B\"", "paid", "21.50", 2, "2026-01-02", "null"),
            golden("\"C\"", null, "30.00", 1, "2026-01-03", "null"),
            golden("\"F\"", null, "81.00", 1, "2026-01-03", "null"),
            golden("\"E\"", "created", "50.00", 1, "2026-01-02", "null"),
            golden("\"E\"", "paid", "50.00", 2, "2026-01-04", "null"),
            golden("null", "created", "60.00", 1, "2026-01-01", "null"),
            golden("null", "paid", "70.00", 1, "2026-01-02", "null")));
    return ws;
  }

  @ParameterizedTest(name = "amount {0}")
  @ValueSource(strings = {AMOUNT_EXACT, AMOUNT_FLOATING})
  void wholeTableCountsMissingExtraAndMismatchedWithNullKeysInTheGoldenSource(String amountType)
      throws Exception {
    Workspace ws = workspace(amountType);
    ReconcileResult result = reconcile(ws, Optional.empty());

    // E and the two NULL-key golden rows are not in the target; D is only in the target. A
    // NOT IN (SELECT order_id FROM golden) would have found no extra row at all.
    assertThat(result.findings().missing()).isEqualTo(3);
    assertThat(result.findings().extra()).isEqualTo(1);
    // F differs in two columns: one mismatched row, counted under both columns.
    assertThat(result.findings().mismatched()).isEqualTo(2);
    assertThat(result.findings().mismatchedColumns()).isEqualTo(Map.of("amount", 2L, "status", 1L));
    assertThat(result.findings().referenceRows()).isEqualTo(7);
    assertThat(result.findings().targetRows()).isEqualTo(5);
    assertThat(result.findings().targetDuplicateKeys()).isZero();
    assertThat(result.findings().missingSample()).containsExactly("E", "NULL", "NULL");
    assertThat(result.findings().extraSample()).containsExactly("D");
    assertThat(result.findings().mismatchedSample()).containsExactly("B", "F");
    assertThat(result.breach())
        .hasValueSatisfying(b -> assertThat(b).contains("missing 3 > max-missing 0"));
  }

  @Test
  void batchScopeComparesOnlyTheBatchKeys() throws Exception {
    Workspace ws = workspace();
    Dataset<Row> batchKeys =
        TestSpark.session()
            .createDataFrame(
                List.of(
                    org.apache.spark.sql.RowFactory.create("A"),
                    org.apache.spark.sql.RowFactory.create("B"),
                    org.apache.spark.sql.RowFactory.create("D"),
                    org.apache.spark.sql.RowFactory.create("E")),
                StructType.fromDDL("order_id STRING"));
    ReconcileResult result = reconcile(ws, Optional.of(batchKeys));

    assertThat(result.findings().missing()).isEqualTo(1);
    assertThat(result.findings().extra()).isEqualTo(1);
    assertThat(result.findings().mismatched()).isEqualTo(1);
    assertThat(result.findings().mismatchedColumns()).isEqualTo(Map.of("amount", 1L));
    assertThat(result.findings().missingSample()).containsExactly("E");
  }

  @Test
  void aTargetThatEqualsTheGoldenStatePasses() throws Exception {
    Workspace ws = workspace();
    Dataset<Row> batchKeys =
        TestSpark.session()
            .createDataFrame(
                List.of(
                    org.apache.spark.sql.RowFactory.create("A"),
                    org.apache.spark.sql.RowFactory.create("C")),
                StructType.fromDDL("order_id STRING"));
    ReconcileResult result = reconcile(ws, Optional.of(batchKeys));

    assertThat(result.findings().mismatchCount()).isZero();
    assertThat(result.breach()).isEmpty();
    assertThat(result.findings().referenceRows()).isEqualTo(2);
  }

  /** Appends to the target a second, identical row of each key given. */
  private static void holdTwice(Workspace ws, String... keys) {
    SparkSession spark = TestSpark.session();
    Dataset<Row> target = spark.read().format("delta").load(ws.targetPath());
    List<Row> copies =
        target.where(functions.col("order_id").isin((Object[]) keys)).collectAsList();
    assertThat(copies).hasSize(keys.length);
    spark
        .createDataFrame(copies, target.schema())
        .write()
        .format("delta")
        .mode("append")
        .save(ws.targetPath());
  }

  private static Dataset<Row> keys(String... keys) {
    return TestSpark.session()
        .createDataFrame(
            java.util.Arrays.stream(keys)
                .map(k -> org.apache.spark.sql.RowFactory.create(k))
                .toList(),
            StructType.fromDDL("order_id STRING"));
  }

  @Test
  void aKeyTheTargetHoldsTwiceIsCountedAndNamedInTheBreach() throws Exception {
    Workspace ws = workspace();
    holdTwice(ws, "A");
    ReconcileResult result = reconcile(ws, Optional.empty());

    assertThat(result.findings().targetDuplicateKeys()).isEqualTo(1);
    assertThat(result.findings().targetRows()).isEqualTo(6);
    // Both rows of A hold the golden values: the copy adds no mismatch of its own.
    assertThat(result.findings().missing()).isEqualTo(3);
    assertThat(result.findings().extra()).isEqualTo(1);
    assertThat(result.findings().mismatched()).isEqualTo(2);
    assertThat(result.breach())
        .hasValueSatisfying(
            b ->
                assertThat(b)
                    .contains(
                        "target duplicate keys 1 > thresholds.max-target-duplicate-keys 0"
                            + " (keys held by more than one row: A)"));
  }

  @Test
  void aBatchCountsTheRepeatedKeysItHoldsAndNotThoseOutsideIt() throws Exception {
    Workspace ws = workspace();
    holdTwice(ws, "A", "D");

    ReconcileResult withA = reconcile(ws, Optional.of(keys("A", "B")));
    assertThat(withA.findings().targetDuplicateKeys()).isEqualTo(1);
    assertThat(withA.breach())
        .hasValueSatisfying(b -> assertThat(b).contains("(keys held by more than one row: A)"));

    // C is held once: the repeats of A and D elsewhere in the target are not this batch's.
    ReconcileResult withoutRepeats = reconcile(ws, Optional.of(keys("C")));
    assertThat(withoutRepeats.findings().targetDuplicateKeys()).isZero();
    assertThat(withoutRepeats.findings().mismatchCount()).isZero();
    assertThat(withoutRepeats.breach()).isEmpty();
  }

  @Test
  void aParquetGoldenSourceWithoutAColumnOfThePipelineIsAConfigurationError() throws Exception {
    Workspace ws = workspace();
    Path parquet = dir.resolve("golden-parquet");
    ws.writePipeline(
        false, "  reconcile.golden { path = \"" + parquet + "\", format = parquet }\n");
    rows(TestSpark.session(), row("A", "created", "10.00", 1))
        .drop("currency")
        .write()
        .parquet(parquet.toString());

    assertThatThrownBy(() -> reconcile(ws, Optional.empty()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Cannot reconcile against " + parquet)
        .hasMessageContaining("the golden source has no column 'currency'")
        .hasMessageContaining("its columns are order_id, customer_id, order_date, status, amount");
  }

  private static ReconcileResult reconcile(Workspace ws, Optional<Dataset<Row>> keys) {
    TidemarkConfig config = ws.config();
    return Reconciler.reconcile(
        TestSpark.session(),
        new ReconcileSpec(
            config.pipeline(),
            config.pipeline().target(),
            ReconcileReference.GOLDEN,
            Optional.of(AS_OF),
            keys.isPresent() ? "batch" : "table",
            keys,
            Optional.empty(),
            Optional.empty()));
  }

  private static Dataset<Row> rows(SparkSession spark, Row... rows) {
    return spark.createDataFrame(List.of(rows), StructType.fromDDL(Workspace.ORDERS_SCHEMA));
  }

  private static Row row(String id, String status, String amount, int version) {
    return org.apache.spark.sql.RowFactory.create(
        id,
        "CUST-00001",
        java.sql.Date.valueOf("2026-01-01"),
        status,
        new java.math.BigDecimal(amount),
        "EUR",
        java.sql.Timestamp.from(
            java.time.Instant.parse("2026-01-01T10:00:00Z").plusSeconds(version)),
        version);
  }

  private static String golden(
      String id, String status, String amount, int version, String from, String to) {
    return "{\"order_id\":"
        + id
        + ",\"customer_id\":\"CUST-00001\",\"order_date\":\"2026-01-01\",\"status\":"
        + (status == null ? "null" : "\"" + status + "\"")
        + ",\"amount\":"
        + amount
        + ",\"currency\":\"EUR\",\"updated_at\":\""
        + java.time.Instant.parse("2026-01-01T10:00:00Z").plusSeconds(version)
        + "\",\"version\":"
        + version
        + ",\"valid_from\":\""
        + from
        + "\",\"valid_to\":"
        + to
        + "}";
  }
}

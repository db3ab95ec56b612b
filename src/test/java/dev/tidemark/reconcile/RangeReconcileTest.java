package dev.tidemark.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tidemark reconcile --from/--to}: the keys in the range's landing folders are the scope,
 * and a key the target holds twice is found by the comparison's own pass over the target.
 */
class RangeReconcileTest {
  private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
  private static final LocalDate LAST = LocalDate.of(2026, 1, 3);

  private static final LocalDate TODAY = LocalDate.of(2026, 1, 10);

  /** The range published once; every test starts from a copy. */
  private static Workspace published;

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.at(TODAY);

  @BeforeAll
  static void publishTheRange() throws IOException {
    Workspace ws = Workspace.create(Files.createTempDirectory("tidemark-range-reconcile"));
    ws.generate(3, 150);
    Cli.Result run =
        Cli.run(
            ws,
            MutableClock.at(TODAY),
            "run",
            "orders",
            "--from",
            FIRST.toString(),
            "--to",
            LAST.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    published = ws;
  }

  private Workspace published() {
    return published.copyTo(dir);
  }

  @Test
  void aRangeCheckComparesTheKeysOfItsFoldersAndPasses() {
    Workspace ws = published();
    long keys = keysIn(ws, LAST).count();

    Cli.Result check = range(ws, LAST);

    assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
    assertThat(check.out())
        .contains(
            "(range, golden as of " + LAST + "): passed",
            String.format(Locale.ROOT, "golden rows %,d, target rows %,d", keys, keys),
            "duplicate keys 0");
  }

  @Test
  void aRangeCheckFindsAKeyTheTargetHoldsTwiceButOnlyInItsScope() {
    Workspace ws = published();
    Dataset<Row> inLast = keysIn(ws, LAST);
    String twice = inLast.orderBy("order_id").first().getString(0);
    String outside =
        keysIn(ws, FIRST)
            .join(inLast, "order_id", "left_anti")
            .orderBy("order_id")
            .first()
            .getString(0);
    Dataset<Row> target = Tables.delta(ws.targetPath());
    target
        .where(functions.col("order_id").isin(twice, outside))
        .write()
        .format("delta")
        .mode("append")
        .save(ws.targetPath());

    Cli.Result check = range(ws, LAST);

    assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(3);
    assertThat(check.out()).contains("BREACHED", "duplicate keys 1");
    assertThat(check.err())
        .contains(
            "Reconciliation breached: target duplicate keys 1 >"
                + " thresholds.max-target-duplicate-keys 0 (keys held by more than one row: "
                + twice
                + ")")
        .doesNotContain(outside);
    Row stored =
        Tables.delta(ws.tables().reconciliation().path())
            .where(functions.col("scope").equalTo("range"))
            .select("target_duplicate_keys", "status")
            .first();
    assertThat(stored.getLong(0)).isEqualTo(1);
    assertThat(stored.getString(1)).isEqualTo("breached");
  }

  @Test
  void aRangeWithoutFoldersHasNoKeysToCompare() {
    Workspace ws = published();
    LocalDate empty = LAST.plusDays(2);

    // The scope is empty: the comparison never reads a target row, and its count of repeated
    // keys must still come back (a count that waited for rows that never come would hang).
    Cli.Result check =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofMinutes(3), () -> range(ws, empty));

    assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).contains("passed", "golden rows 0, target rows 0", "duplicate keys 0");
  }

  private Cli.Result range(Workspace ws, LocalDate date) {
    return Cli.run(
        ws, clock, "reconcile", "orders", "--from", date.toString(), "--to", date.toString());
  }

  private static Dataset<Row> keysIn(Workspace ws, LocalDate date) {
    return TestSpark.session()
        .read()
        .json(ws.raw.resolve("dt=" + date).toString())
        .select("order_id")
        .distinct();
  }
}

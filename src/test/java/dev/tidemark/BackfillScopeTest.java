package dev.tidemark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.plan.DateRange;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, test 6: a backfill changes only rows whose keys appear in the folders of its range;
 * every other row keeps exactly its content, lineage columns included.
 */
class BackfillScopeTest {
  private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);

  @TempDir Path dir;

  @Test
  void aBackfillTouchesOnlyTheKeysInItsFolders() {
    Workspace ws = Workspace.create(dir, false);
    ws.generate(6, 200);
    MutableClock clock = MutableClock.at(FIRST.plusDays(10));
    assertThat(ws.pipeline(clock).run(Optional.of(new DateRange(FIRST, FIRST.plusDays(2)))))
        .isInstanceOf(RunOutcome.Succeeded.class);
    Map<String, String> before = rowsByKey(ws);

    DateRange later = new DateRange(FIRST.plusDays(4), FIRST.plusDays(5));
    RunOutcome second = ws.pipeline(clock).run(Optional.of(later));
    assertThat(second).isInstanceOf(RunOutcome.Succeeded.class);
    Map<String, String> after = rowsByKey(ws);

    Set<String> inRange = keysInFolders(ws, later);
    assertThat(inRange).isNotEmpty();
    long untouched = 0;
    long lateUpdates = 0;
    for (Map.Entry<String, String> row : before.entrySet()) {
      if (inRange.contains(row.getKey())) {
        lateUpdates += row.getValue().equals(after.get(row.getKey())) ? 0 : 1;
      } else {
        assertThat(after.get(row.getKey()))
            .as("row of key %s", row.getKey())
            .isEqualTo(row.getValue());
        untouched++;
      }
    }
    assertThat(untouched).isPositive();
    // The later folders update some orders of the first days: expected, and counted.
    assertThat(lateUpdates).isPositive();
    assertThat(second.run().published().orElseThrow().updated()).isEqualTo(lateUpdates);
    // Every key the target gained came from the range's folders.
    assertThat(inRange)
        .containsAll(after.keySet().stream().filter(k -> !before.containsKey(k)).toList());
  }

  /** Every column, Tidemark's lineage (row hash, landing date, run id) included. */
  private static Map<String, String> rowsByKey(Workspace ws) {
    Map<String, String> rows = new HashMap<>();
    for (Row row :
        Tables.delta(ws.targetPath())
            .select(
                functions.col("order_id"),
                functions.to_json(functions.struct(functions.col("*"))).as("json"))
            .collectAsList()) {
      rows.put(row.getString(0), row.getString(1));
    }
    return rows;
  }

  private static Set<String> keysInFolders(Workspace ws, DateRange range) {
    List<String> folders =
        range.dates().stream().map(d -> ws.raw.resolve("dt=" + d).toString()).toList();
    return TestSpark.session()
        .read()
        .schema(StructType.fromDDL(Workspace.ORDERS_SCHEMA))
        .json(folders.toArray(String[]::new))
        .select("order_id")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .collect(Collectors.toSet());
  }
}

package dev.tidemark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.config.InvalidConfigException;
import dev.tidemark.plan.DateRange;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which columns Delta keeps file statistics for: in the target, the keys, sequence and event time
 * unless configured otherwise (what data skipping can use in a date-partitioned table); in a run's
 * staging table, none (it is read whole).
 */
class TargetStatisticsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 1);
  private static final DateRange RANGE = new DateRange(DAY, DAY);

  @TempDir Path dir;

  @Test
  void byDefaultTheTargetKeepsStatisticsForKeysAndSequenceAndTheStagingTableForNoColumn() {
    Workspace ws = Workspace.create(dir, false);
    writeTwoOrders(ws);
    Map<String, FileStats> staging = new ConcurrentHashMap<>();
    StageHooks keepStagingStats =
        (point, runId) -> {
          String path = ws.tables().stagingPath("orders", runId);
          if (point == StageHooks.Point.AFTER_STAGE && Files.exists(Path.of(path, "_delta_log"))) {
            staging.put(runId, FileStats.of(path)); // the staging table is deleted at commit
          }
        };

    RunOutcome outcome =
        ws.pipeline(MutableClock.at(DAY.plusDays(1)), keepStagingStats).run(Optional.of(RANGE));

    assertThat(outcome).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(targetProperties(ws))
        .containsEntry("delta.dataSkippingStatsColumns", "`order_id`,`updated_at`,`version`");
    FileStats target = FileStats.of(ws.targetPath());
    assertThat(target.rows()).isEqualTo(2);
    // updated_at is the event time too (the first sequence column); order_date is the partition.
    assertThat(target.columnsWithMinimum()).containsExactly("order_id", "updated_at", "version");
    FileStats staged = staging.get(outcome.run().runId());
    assertThat(staged.rows()).isEqualTo(2);
    assertThat(staged.columnsWithMinimum()).isEmpty();
  }

  @Test
  void aStarKeepsDeltasDefault() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  target.stats-columns = [\"*\"]");

    // No property at creation: Delta then keeps statistics for the first 32 columns.
    assertThat(ws.config().pipeline().statsColumns()).isEmpty();
  }

  @Test
  void namedColumnsAreTakenAsTheyAre() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  target.stats-columns = [customer_id, amount]");

    assertThat(ws.config().pipeline().statsColumns()).contains(List.of("customer_id", "amount"));
  }

  @Test
  void thePartitionColumnIsRefusedNamingTheKeyAndTheWayOut() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  target.stats-columns = [order_id, order_date]");

    assertThatThrownBy(ws::config)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Cannot keep statistics for column 'order_date' (")
        .hasMessageContaining("orders.conf")
        .hasMessageContaining("it is the partition column")
        .hasMessageEndingWith(
            "List other columns in pipeline.target.stats-columns, or [\"*\"] for Delta's default"
                + " (the first 32 columns)");
  }

  @Test
  void anUnknownColumnIsRefusedNamingIt() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  target.stats-columns = [customer]");

    assertThatThrownBy(ws::config)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Cannot use column 'customer' in pipeline.target.stats-columns (");
  }

  private static void writeTwoOrders(Workspace ws) {
    ws.writeRaw(
        DAY,
        "a.json",
        Workspace.order("o-1", DAY, "placed", "10.00", "2026-01-01T08:00:00Z", 1),
        Workspace.order("o-2", DAY, "placed", "12.50", "2026-01-01T09:00:00Z", 1));
  }

  private static Map<String, String> targetProperties(Workspace ws) {
    Row detail = TestSpark.session().sql("DESCRIBE DETAIL delta.`" + ws.targetPath() + "`").first();
    return detail.getJavaMap(detail.fieldIndex("properties"));
  }

  /** The statistics of the data files a Delta table's log adds. */
  private record FileStats(long rows, Set<String> columnsWithMinimum) {
    static FileStats of(String table) {
      DataType stats = DataType.fromDDL("numRecords BIGINT, minValues MAP<STRING, STRING>");
      List<Row> files =
          TestSpark.session()
              .read()
              .json(table + "/_delta_log/*.json")
              .where(functions.col("add").isNotNull())
              .select(functions.from_json(functions.col("add.stats"), stats).as("s"))
              .select("s.numRecords", "s.minValues")
              .collectAsList();
      long rows = 0;
      Set<String> columns = new TreeSet<>();
      for (Row file : files) {
        rows += file.getLong(0);
        if (!file.isNullAt(1)) {
          columns.addAll(file.<String, String>getJavaMap(1).keySet());
        }
      }
      return new FileStats(rows, columns);
    }
  }
}

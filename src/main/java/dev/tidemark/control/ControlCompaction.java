package dev.tidemark.control;

import dev.tidemark.config.Settings;
import dev.tidemark.kernel.KernelTables;
import io.delta.exceptions.DeltaConcurrentModificationException;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the control tables that every run writes to in few files. Each run adds a file to the runs
 * table (and one to the ledger when it records landing dates), and a read without Spark ({@code
 * status}, {@code history}, a run that finds nothing new) pays about 15 ms per file in a fresh JVM,
 * far more than the rows cost: a year of daily runs would make {@code status} seconds slower. So a
 * run with Spark compacts such a table (Delta OPTIMIZE) once it holds more than {@link #MAX_FILES}
 * files, after its own last write. {@code tidemark maintain} compacts every table, whatever its
 * size.
 *
 * <p>Only control tables at paths, the ones read without Spark: their files are counted from the
 * log through Kernel in milliseconds, where Spark's count (DESCRIBE DETAIL) costs most of a second
 * per table. Tables in a catalog are left to {@code maintain} (or the platform's own optimization).
 */
public final class ControlCompaction {
  private static final Logger LOG = LoggerFactory.getLogger(ControlCompaction.class);

  /** Files a table may hold before a run compacts it: at most about 0.15 s per fresh read. */
  public static final int MAX_FILES = 10;

  private ControlCompaction() {}

  /** The tables a run writes a file to on (nearly) every run. */
  static List<ControlTable> growing(ControlStore tables) {
    return List.of(tables.runs(), tables.intervals(), tables.watermarks());
  }

  /**
   * After a run: compacts each of {@link #growing} that holds more than {@link #MAX_FILES} files,
   * when the control tables are paths and Kernel is here to count them.
   *
   * @return the tables compacted
   */
  public static List<String> afterRun(SparkSession spark, Settings settings, ControlStore tables) {
    if (!ControlReads.kernelReads(settings)) {
      return List.of();
    }
    return compact(
        spark, new KernelTables(spark.sparkContext().hadoopConfiguration()), growing(tables));
  }

  /**
   * Compacts each table that holds more than {@link #MAX_FILES} files. Best effort: the rows are
   * the same either way, so a compaction that loses a race to another pipeline's write is left to
   * the next run (and said so at debug level) rather than failing a run that has finished.
   *
   * @return the tables compacted
   */
  static List<String> compact(SparkSession spark, KernelTables kernel, List<ControlTable> tables) {
    return tables.stream()
        .filter(t -> kernel.files(t.path()) > MAX_FILES)
        .filter(t -> compact(spark, t))
        .map(ControlTable::name)
        .toList();
  }

  private static boolean compact(SparkSession spark, ControlTable table) {
    try {
      Row metrics =
          table
              .ref()
              .delta(spark)
              .optimize()
              .executeCompaction()
              .selectExpr("metrics.numFilesRemoved", "metrics.numFilesAdded")
              .first();
      LOG.debug(
          "Compacted the {} table {}: {} files into {}",
          table.name(),
          table.ref(),
          metrics.getLong(0),
          metrics.getLong(1));
      return true;
    } catch (DeltaConcurrentModificationException e) {
      LOG.debug(
          "Did not compact the {} table {}: another write landed meanwhile; a later run compacts"
              + " it ({})",
          table.name(),
          table.ref(),
          e.getMessage());
      return false;
    } catch (RuntimeException e) {
      // The run has committed: a compaction that fails takes nothing from it.
      LOG.warn(
          "Cannot compact the {} table {}: {}. The run is committed; tidemark maintain compacts"
              + " it",
          table.name(),
          table.ref(),
          e.getMessage());
      return false;
    }
  }
}

package dev.tidemark.maintain;

import dev.tidemark.config.MaintainConfig;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.ControlTable;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.StagingArea;
import dev.tidemark.spark.SparkSessions;
import dev.tidemark.table.TableRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code tidemark maintain}: compacts the target and the control tables (OPTIMIZE), deletes files
 * no version within the retention needs (VACUUM), and deletes old staging tables. It never makes
 * {@code rollback} of the pipeline's last runs impossible: a target VACUUM that would delete a file
 * one of them needs to be restored is refused before anything is deleted.
 */
public final class Maintainer {
  /** Delta refuses a retention below this unless its check is switched off for the statement. */
  private static final Duration DELTA_MINIMUM = Duration.ofHours(168);

  private static final String RETENTION_WINDOW_IGNORED =
      "spark.databricks.delta.vacuum.retentionWindowIgnore.enabled";

  private static final String LISTING_PARALLELISM =
      "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private final SparkSession spark;
  private final PipelineConfig pipeline;
  private final ControlStore tables;
  private final TidemarkConfig config;
  private final Clock clock;

  public Maintainer(SparkSession spark, TidemarkConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.pipeline = config.pipeline();
    this.tables = ControlStore.of(config.settings());
    this.clock = clock;
  }

  /** What maintain did to one table; -1 where it did not do that step. */
  public record TableResult(
      String name, String path, long filesCompacted, long filesWritten, long filesVacuumed) {}

  public record Result(List<TableResult> tables, List<StagingArea.Leftover> stagingDeleted) {}

  /** A target VACUUM refused because a recent run could no longer be rolled back. */
  public static final class RollbackWouldBreakException extends RuntimeException {
    RollbackWouldBreakException(String message) {
      super(message);
    }
  }

  /**
   * Maintains the pipeline's target, then the control tables, then its staging area; {@code vacuum}
   * false only compacts.
   */
  public Result maintain(boolean vacuum, Set<String> activeRuns) {
    MaintainConfig settings = pipeline.maintain();
    List<TableResult> results = new ArrayList<>();
    TableRef target = pipeline.target();
    if (target.exists(spark)) {
      long[] optimized = settings.optimize() ? optimize(target) : new long[] {-1, -1};
      long vacuumed = -1;
      if (vacuum) {
        Set<String> doomed = vacuumDryRun(target, settings.vacuumRetention());
        refuseIfRollbackBreaks(doomed, settings);
        vacuumed = vacuum(target, settings.vacuumRetention(), doomed.size());
      }
      results.add(
          new TableResult(
              pipeline.name(), target.toString(), optimized[0], optimized[1], vacuumed));
    }
    Duration controlRetention = config.settings().housekeeping().controlVacuumRetention();
    for (ControlTable table : tables.all()) {
      if (!table.exists(spark)) {
        continue;
      }
      long[] optimized = optimize(table.ref());
      long vacuumed =
          vacuum
              ? vacuum(
                  table.ref(), controlRetention, vacuumDryRun(table.ref(), controlRetention).size())
              : -1;
      results.add(
          new TableResult(
              table.name(), table.ref().toString(), optimized[0], optimized[1], vacuumed));
    }
    List<StagingArea.Leftover> staging =
        new StagingArea(spark.sparkContext().hadoopConfiguration(), tables)
            .clean(
                pipeline.name(),
                config.settings().housekeeping().stagingRetention(),
                clock.instant(),
                activeRuns);
    return new Result(results, staging);
  }

  /** Files removed and written by OPTIMIZE's compaction. */
  private long[] optimize(TableRef table) {
    Row metrics =
        table
            .delta(spark)
            .optimize()
            .executeCompaction()
            .selectExpr("metrics.numFilesRemoved", "metrics.numFilesAdded")
            .first();
    return new long[] {metrics.getLong(0), metrics.getLong(1)};
  }

  /** The files a VACUUM with this retention would delete, as normalised paths. */
  private Set<String> vacuumDryRun(TableRef table, Duration retention) {
    Set<String> files = new HashSet<>();
    for (Row row :
        session(retention)
            .sql(
                String.format(
                    Locale.ROOT,
                    "VACUUM %s RETAIN %s HOURS DRY RUN",
                    table.sql(),
                    hours(retention)))
            .collectAsList()) {
      files.add(normalise(row.getString(0)));
    }
    return files;
  }

  private long vacuum(TableRef table, Duration retention, long expected) {
    if (expected == 0) {
      return 0;
    }
    session(retention)
        .sql(String.format(Locale.ROOT, "VACUUM %s RETAIN %s HOURS", table.sql(), hours(retention)))
        .collect();
    return expected;
  }

  /**
   * Refuses when a file the VACUUM would delete belongs to the version one of the last {@code
   * rollback-runs} runs that changed the target would be restored to.
   */
  private void refuseIfRollbackBreaks(Set<String> doomed, MaintainConfig settings) {
    if (doomed.isEmpty() || settings.rollbackRuns() == 0 || !tables.runs().exists(spark)) {
      return;
    }
    List<RunRecord> changedTarget =
        new RunLog(spark, tables)
            .recent(pipeline.name(), Math.max(200, 4 * settings.rollbackRuns())).stream()
                .filter(r -> r.published().map(RunRecord.PublishCounts::merged).orElse(false))
                .limit(settings.rollbackRuns())
                .toList();
    for (RunRecord run : changedTarget) {
      long before = run.published().orElseThrow().versionBefore();
      if (before < 0) {
        continue; // the run created the table: rolling it back empties it, no file needed
      }
      long needed = filesOf(before).stream().filter(doomed::contains).count();
      if (needed > 0) {
        throw new RollbackWouldBreakException(
            String.format(
                Locale.ROOT,
                "Cannot VACUUM %s with pipeline.maintain.vacuum-retention = %s: it would delete"
                    + " %d files of target version %d, which `tidemark rollback %s --run %s`"
                    + " restores (one of the last %d runs that changed the target,"
                    + " pipeline.maintain.rollback-runs). Nothing was deleted. Raise the"
                    + " retention, lower rollback-runs, or run maintain --no-vacuum",
                pipeline.target(),
                human(settings.vacuumRetention()),
                needed,
                before,
                pipeline.name(),
                run.runId(),
                settings.rollbackRuns()));
      }
    }
  }

  private Set<String> filesOf(long version) {
    Set<String> files = new HashSet<>();
    for (String file : pipeline.target().readVersion(spark, version).inputFiles()) {
      files.add(normalise(file));
    }
    return files;
  }

  /**
   * A session for VACUUM: below Delta's 7-day minimum its safety check is switched off for this
   * statement only, since the configured retention (and the rollback check above) decide.
   */
  private SparkSession session(Duration retention) {
    SparkSession session = SparkSessions.childOf(spark);
    // VACUUM lists the table in a Spark job with this many tasks; Spark's default, 10,000, costs
    // tens of seconds per table even when it holds a handful of files. A few tasks per core list
    // as fast; a value the user set stays.
    if (session.conf().get(LISTING_PARALLELISM).equals("10000")) {
      int cores = spark.sparkContext().defaultParallelism();
      session.conf().set(LISTING_PARALLELISM, Integer.toString(Math.max(8, 4 * cores)));
    }
    if (retention.compareTo(DELTA_MINIMUM) < 0) {
      session.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    }
    // This Delta ignores a RETAIN other than 0 hours unless told not to: it warns and keeps the
    // table's delta.deletedFileRetentionDuration (7 days unless set). Setting that property instead
    // would also forbid time travel beyond it, and with it the rollback of older runs.
    session.conf().set(RETENTION_WINDOW_IGNORED, "false");
    return session;
  }

  private static String hours(Duration retention) {
    return String.format(Locale.ROOT, "%.4f", retention.toMillis() / 3_600_000.0);
  }

  private static String normalise(String file) {
    return new Path(file).toUri().normalize().toString().replaceFirst("^file:/+", "file:/");
  }

  static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}

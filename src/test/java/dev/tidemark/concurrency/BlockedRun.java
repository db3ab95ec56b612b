package dev.tidemark.concurrency;

import dev.tidemark.Pipeline;
import dev.tidemark.RunListener;
import dev.tidemark.StageHooks;
import dev.tidemark.config.ConfigLoader;
import dev.tidemark.config.ConfigRequest;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.plan.DateRange;
import dev.tidemark.spark.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A second process for the lock and kill -9 tests: runs a backfill of the orders pipeline and, on
 * reaching the given stage boundary, writes a marker file (its run id) and blocks there for good,
 * holding the pipeline's lock, until the test kills it.
 *
 * <p>Arguments: conf dir, profile, from, to, stage point, marker file.
 */
public final class BlockedRun {
  private BlockedRun() {}

  public static void main(String[] args) throws Exception {
    Path confDir = Paths.get(args[0]);
    TidemarkConfig config =
        ConfigLoader.load(new ConfigRequest(confDir, args[1], "orders", List.of()));
    DateRange range = new DateRange(LocalDate.parse(args[2]), LocalDate.parse(args[3]));
    StageHooks.Point blockAt = StageHooks.Point.valueOf(args[4]);
    Path marker = Paths.get(args[5]);
    StageHooks hooks =
        (point, runId) -> {
          if (point != blockAt) {
            return;
          }
          try {
            Path written = Paths.get(marker + ".tmp");
            Files.writeString(written, runId, StandardCharsets.UTF_8);
            Files.move(written, marker); // whole or not at all: the test reads it once it exists
            while (true) {
              Thread.sleep(60_000);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    new Pipeline(
            SparkSessions.getOrCreate(config.settings().spark()),
            config,
            Clock.systemUTC(),
            RunListener.SILENT,
            hooks)
        .run(Optional.of(range));
    // Reaching here means the hook never fired: the test waits for a marker that never comes.
    System.err.println("BlockedRun finished without reaching " + blockAt);
    System.exit(3);
  }
}

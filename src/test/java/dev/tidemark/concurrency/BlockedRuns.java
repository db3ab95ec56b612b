package dev.tidemark.concurrency;

import dev.tidemark.Pipeline;
import dev.tidemark.config.ConfigLoader;
import dev.tidemark.config.ConfigRequest;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.plan.DateRange;
import dev.tidemark.runtime.RunListener;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.spark.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * A second process for the kill and signal tests: runs a backfill of the orders pipeline of each
 * given workspace, side by side, and each run, on reaching its stage boundary, writes a marker file
 * (its run id) and blocks there, holding its pipeline's lock, until the test kills or stops this
 * process. A stop (SIGTERM) interrupts the blocked runs as it would a run at work.
 *
 * <p>Arguments: profile, from, to, then one {@code <conf dir>|<stage point>|<marker file>} per run.
 */
public final class BlockedRuns {
  private BlockedRuns() {}

  public static void main(String[] args) throws Exception {
    String profile = args[0];
    DateRange range = new DateRange(LocalDate.parse(args[1]), LocalDate.parse(args[2]));
    List<Thread> runs = new ArrayList<>();
    SparkSession spark = null;
    for (int i = 3; i < args.length; i++) {
      String[] run = args[i].split("\\|");
      TidemarkConfig config =
          ConfigLoader.load(new ConfigRequest(Paths.get(run[0]), profile, "orders", List.of()));
      if (spark == null) {
        spark = SparkSessions.getOrCreate(config.settings().spark());
      }
      Pipeline pipeline =
          new Pipeline(
              spark,
              config,
              Clock.systemUTC(),
              RunListener.SILENT,
              blockAt(StageHooks.Point.valueOf(run[1]), Paths.get(run[2])));
      Thread thread = new Thread(() -> pipeline.run(Optional.of(range)), "run-" + run[1]);
      thread.start();
      runs.add(thread);
    }
    for (Thread thread : runs) {
      thread.join();
    }
    // Reaching here means the runs ended: stopped by a signal, or a hook that never fired.
    System.err.println("BlockedRuns: every run ended");
  }

  private static StageHooks blockAt(StageHooks.Point blockAt, Path marker) {
    return (point, runId) -> {
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
      } catch (InterruptedException e) {
        throw new IllegalStateException("interrupted at " + blockAt, e);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}

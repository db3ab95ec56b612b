package dev.tidemark.bench;

import dev.tidemark.Pipeline;
import dev.tidemark.RunOutcome;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.RunRecord;
import dev.tidemark.plan.DateRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What the late-file search costs an incremental run: a pipeline with {@code days} landing folders
 * published (one small file each, by one backfill that is not measured), then, per repetition, one
 * late file lands in the oldest folder and an incremental run reads it. Measured: the run's wall
 * time, its plan stage, and the file-system list calls of the search.
 */
final class LateFileCases {
  static final LocalDate START = LocalDate.of(2026, 1, 1);
  private static final int ROWS_PER_FOLDER = 10;

  private LateFileCases() {}

  /** The raw folders of a history of {@code days}, written anew. */
  static Path writeHistory(Path root, int days) throws IOException {
    BenchData.deleteTree(root);
    for (int day = 0; day < days; day++) {
      LocalDate date = START.plusDays(day);
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < ROWS_PER_FOLDER; i++) {
        lines.add(order("ORD-" + day + "-" + i, date));
      }
      write(root.resolve("dt=" + date).resolve("part-0.json"), lines);
    }
    return root;
  }

  /** The day after the history's last: the clock of every run of a case. */
  static Clock clock(int days) {
    return Clock.fixed(
        START.plusDays(days).atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  }

  /** Publishes the whole history with one backfill; not measured. */
  static void publish(SparkSession spark, TidemarkConfig config, int days) {
    DateRange all = new DateRange(START, START.plusDays(days - 1));
    RunOutcome outcome = new Pipeline(spark, config, clock(days)).run(Optional.of(all));
    if (!(outcome instanceof RunOutcome.Succeeded)) {
      throw new IllegalStateException(
          "Cannot publish the late-file history: " + outcome.run().error().orElse(""));
    }
  }

  /** One repetition: a late file in the oldest folder, then the incremental run that reads it. */
  static Measurement measure(
      String name, int rep, SparkSession spark, TidemarkConfig config, Path root, int days)
      throws IOException {
    write(
        root.resolve("dt=" + START).resolve("late-" + rep + ".json"),
        List.of(order("LATE-" + rep, START)));
    Pipeline pipeline = new Pipeline(spark, config, clock(days));
    dev.tidemark.plan.LateFiles search = pipeline.plan(Optional.empty()).lateFiles();
    try (HeapMeter heap = HeapMeter.start()) {
      long t0 = System.nanoTime();
      RunOutcome outcome = pipeline.run(Optional.empty());
      double seconds = (System.nanoTime() - t0) / 1e9;
      RunRecord run = outcome.run();
      long read = run.staged().map(RunRecord.StageCounts::rowsRead).orElse(0L);
      if (!(outcome instanceof RunOutcome.Succeeded) || read != 1) {
        throw new IllegalStateException(
            "Cannot benchmark "
                + name
                + ": the run ended "
                + run.status()
                + " having read "
                + read
                + " rows, not the one late row "
                + run.error().orElse(""));
      }
      long added = run.published().map(RunRecord.PublishCounts::filesAdded).orElse(0L);
      long removed = run.published().map(RunRecord.PublishCounts::filesRemoved).orElse(0L);
      return new Measurement(
          name,
          rep,
          seconds,
          seconds,
          heap.peakBytes(),
          added,
          removed,
          String.format(
              "%d list calls in %d ms; plan %d ms; 1 late row read; stages %s",
              search.listCalls(),
              search.listMillis(),
              run.stageMs().getOrDefault("plan", 0L),
              run.stageMs()));
    }
  }

  static String order(String id, LocalDate date) {
    return "{\"order_id\":\""
        + id
        + "\",\"customer_id\":\"CUST-1\",\"order_date\":\""
        + date
        + "\",\"status\":\"created\",\"amount\":1.00,\"currency\":\"EUR\",\"updated_at\":\""
        + date
        + "T08:00:00.000Z\",\"version\":1}";
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }
}

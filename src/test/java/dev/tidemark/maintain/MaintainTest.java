package dev.tidemark.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.testing.CapturedLog;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tidemark maintain}: compaction and VACUUM never change the target's content, a VACUUM that
 * would break rollback of a recent run is refused before any file is deleted, and staging tables of
 * failed runs go once older than the retention while status shows what is left.
 */
class MaintainTest {
  private static final LocalDate DAY_1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate DAY_2 = LocalDate.of(2026, 1, 2);

  @TempDir Path dir;

  @Test
  void vacuumKeepsRecentRunsRestorableAndCleansOldStaging() throws Exception {
    Workspace ws = Workspace.create(dir, false);
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 3));
    ws.writeRaw(
        DAY_1,
        "a.json",
        Workspace.order("A", DAY_1, "NEW", "10.00", "2026-01-01T08:00:00Z", 1),
        Workspace.order("B", DAY_1, "NEW", "20.00", "2026-01-01T09:00:00Z", 1));
    ws.writeRaw(
        DAY_2, "a.json", Workspace.order("A", DAY_1, "PAID", "10.00", "2026-01-02T08:00:00Z", 2));
    assertThat(run(ws, clock, DAY_1).exitCode()).isZero();
    assertThat(run(ws, clock, DAY_2).exitCode()).isZero();
    // Day 2's MERGE rewrote the file of partition 2026-01-01: version 1's file is now unreferenced.
    RunRecord second = new RunLog(TestSpark.session(), ws.tables()).recent("orders", 1).get(0);
    assertThat(second.published().orElseThrow().updated()).isEqualTo(1);
    List<String> content = Tables.target(ws.targetPath());

    Path staging = ws.warehouse.resolve("_tidemark/staging/orders");
    Path old =
        leftover(
            staging.resolve("r-20251201-000000-aaaaaa"), Instant.parse("2025-12-01T00:00:00Z"));
    leftover(staging.resolve("r-20260102-230000-bbbbbb"), Instant.now());
    Set<Path> filesBefore = parquetFiles(ws.targetPath());

    Path noRetention = dir.resolve("no-retention.conf");
    Files.writeString(
        noRetention,
        "tidemark.maintain.control-vacuum-retention = 0s\n"
            + "pipeline.maintain { vacuum-retention = 0s, rollback-runs = 2 }\n");
    Cli.Result refused =
        Cli.run(ws, clock, "maintain", "orders", "--config", noRetention.toString());

    assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
    assertThat(refused.err())
        .contains(
            "Cannot VACUUM " + ws.targetPath(),
            "target version 1",
            "tidemark rollback orders --run " + second.runId(),
            "pipeline.maintain.rollback-runs",
            "Nothing was deleted");
    assertThat(parquetFiles(ws.targetPath())).containsAll(filesBefore);
    assertThat(Tables.target(ws.targetPath())).isEqualTo(content);

    Path noRollback = dir.resolve("no-rollback.conf");
    Files.writeString(noRollback, "pipeline.maintain.rollback-runs = 0\n");
    Cli.Result maintained =
        Cli.run(
            ws,
            clock,
            "maintain",
            "orders",
            "--config",
            noRetention.toString(),
            "--config",
            noRollback.toString());

    assertThat(maintained.exitCode()).as(maintained.out() + maintained.err()).isZero();
    assertThat(Tables.target(ws.targetPath())).isEqualTo(content);
    // Only the files of the newest version are left on disk, and the log says what happened
    // (OPTIMIZE commits nothing here: each partition holds one file).
    Set<Path> current =
        Stream.of(Tables.delta(ws.targetPath()).inputFiles())
            .map(f -> Path.of(java.net.URI.create(f)))
            .collect(Collectors.toSet());
    assertThat(parquetFiles(ws.targetPath()))
        .isEqualTo(current)
        .hasSizeLessThan(filesBefore.size() + 1);
    assertThat(
            io.delta.tables.DeltaTable.forPath(TestSpark.session(), ws.targetPath())
                .history()
                .select("operation")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .contains("VACUUM START", "VACUUM END");
    assertThat(maintained.out())
        .containsPattern(
            "orders +\\d+ +\\d+ +[1-9]\\d* +" + java.util.regex.Pattern.quote(ws.targetPath()))
        .contains(
            "runs", "intervals", "staging: deleted 1 tables of runs r-20251201-000000-aaaaaa");
    assertThat(old).doesNotExist();

    Cli.Result status = Cli.run(ws, clock, "status", "orders", "--json");
    JsonNode left =
        new ObjectMapper().readTree(status.out()).path("pipelines").get(0).path("staging");
    assertThat(left.path("tables").asInt()).isEqualTo(1);
    assertThat(left.path("oldest_run_id").asText()).isEqualTo("r-20260102-230000-bbbbbb");
    assertThat(left.path("bytes").asLong()).isEqualTo(5);
  }

  @Test
  void vacuumKeepsFilesForTheConfiguredRetentionWithoutAWarning() throws Exception {
    Workspace ws = Workspace.create(dir, false);
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 3));
    ws.writeRaw(
        DAY_1, "a.json", Workspace.order("A", DAY_1, "NEW", "10.00", "2026-01-01T08:00:00Z", 1));
    run(ws, clock, DAY_1);
    List<String> content = Tables.target(ws.targetPath());
    // Files no version references, as a failed write leaves them: VACUUM deletes those older
    // than the retention by their modification time. Delta's clock is the real one.
    Path partition = Path.of(ws.targetPath(), "order_date=2026-01-01");
    Path old = unreferenced(partition.resolve("part-old.parquet"), Duration.ofDays(3));
    Path young = unreferenced(partition.resolve("part-young.parquet"), Duration.ofDays(1));
    Path twoDays = dir.resolve("two-days.conf");
    Files.writeString(twoDays, "pipeline.maintain.vacuum-retention = 2d\n");

    StringWriter log = new StringWriter();
    Cli.Result maintained;
    try (CapturedLog ignored = CapturedLog.into("maintain-test", log)) {
      maintained = Cli.run(ws, clock, "maintain", "orders", "--config", twoDays.toString());
    }

    assertThat(maintained.exitCode()).as(maintained.out() + maintained.err()).isZero();
    assertThat(old).doesNotExist();
    assertThat(young).exists();
    assertThat(Tables.target(ws.targetPath())).isEqualTo(content);
    // Other tests log in this JVM meanwhile: only VACUUM's own lines are this command's.
    assertThat(log.toString().lines().filter(l -> l.startsWith("WARN") && l.contains("Vacuum")))
        .isEmpty();
  }

  /** A data file written {@code age} ago that no version of the table references. */
  private static Path unreferenced(Path file, Duration age) throws IOException {
    Files.writeString(file, "not a part of any version");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    return file;
  }

  private static Cli.Result run(Workspace ws, MutableClock clock, LocalDate day) {
    Cli.Result result =
        Cli.run(ws, clock, "run", "orders", "--from", day.toString(), "--to", day.toString());
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    return result;
  }

  /** A staging folder as a failed run leaves it, last written at {@code when}. */
  private static Path leftover(Path runDir, Instant when) throws IOException {
    Path file = Files.createDirectories(runDir).resolve("part-00000.parquet");
    Files.writeString(file, "12345");
    Files.setLastModifiedTime(file, FileTime.from(when));
    Files.setLastModifiedTime(runDir, FileTime.from(when));
    return runDir;
  }

  private static Set<Path> parquetFiles(String table) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(table))) {
      return files
          .filter(f -> f.toString().endsWith(".parquet") && !f.toString().contains("_delta_log"))
          .collect(Collectors.toSet());
    }
  }
}

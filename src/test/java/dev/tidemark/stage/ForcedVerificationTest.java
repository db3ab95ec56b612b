package dev.tidemark.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.RunRequest;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.runtime.RunListener;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forced rerun parses every file again and merges only the files whose parsed rows differ from
 * what the ledger says was published: a file rewritten in place with the same size and time (which
 * a plain rerun cannot see) is merged, and a target changed outside Tidemark's runs gets every file
 * merged again.
 */
class ForcedVerificationTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 1);
  private static final LocalDate NEXT = DAY.plusDays(1);
  private static final DateRange RANGE = new DateRange(DAY, NEXT);

  @TempDir Path dir;

  @Test
  void aFileRewrittenWithTheSameSizeAndTimeIsMergedByAForcedRerunOnly() throws IOException {
    Workspace ws = Workspace.create(dir, false);
    Path a = ws.writeRaw(DAY, "a.json", order("o-1", "placed"), order("o-2", "placed"));
    ws.writeRaw(NEXT, "b.json", order("o-3", "placed"));
    MutableClock clock = MutableClock.at(NEXT.plusDays(1));
    assertThat(ws.pipeline(clock).run(Optional.of(RANGE))).isInstanceOf(RunOutcome.Succeeded.class);

    FileTime time = Files.getLastModifiedTime(a);
    long size = Files.size(a);
    // Same length, same modification time: only the content says it changed (a newer o-2).
    Files.writeString(
        a,
        Files.readString(a).replace(order("o-2", "placed"), order("o-2", "packed", "09")),
        StandardCharsets.UTF_8);
    Files.setLastModifiedTime(a, time);
    assertThat(Files.size(a)).isEqualTo(size);

    RunOutcome plain = ws.pipeline(clock).run(Optional.of(RANGE));
    assertThat(actions(plain)).containsOnly(FolderAction.UNCHANGED);
    assertThat(statusOf(ws, "o-2")).isEqualTo("placed");

    List<String> lines = new ArrayList<>();
    RunOutcome forced =
        ws.pipeline(clock, listener(lines)).run(RunRequest.of(Optional.of(RANGE)).forced(true));

    assertThat(forced).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(statusOf(ws, "o-2")).isEqualTo("packed");
    assertThat(statusOf(ws, "o-1")).isEqualTo("placed");
    RunRecord run = record(ws, forced);
    assertThat(actions(forced)).containsExactly(FolderAction.READ_ALL, FolderAction.VERIFIED);
    assertThat(run.staged().orElseThrow().rowsRead()).isEqualTo(2);
    // The runs table keeps what was verified apart from what was read and merged.
    assertThat(run.staged().orElseThrow().filesVerified()).isEqualTo(1);
    assertThat(run.staged().orElseThrow().rowsVerified()).isEqualTo(1);
    assertThat(run.published().orElseThrow().updated()).isEqualTo(1);
    assertThat(run.published().orElseThrow().unchanged()).isEqualTo(1);
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("stage: 2 rows read")
                    .endsWith(
                        "; 1 files (1 rows) parsed again and found as published (the ledger's"
                            + " digests): not merged again"));

    // The ledger now keeps the new content's digest: forced again, nothing is merged.
    long version = Tables.version(ws.targetPath());
    RunOutcome again = ws.pipeline(clock).run(RunRequest.of(Optional.of(RANGE)).forced(true));
    assertThat(actions(again)).containsOnly(FolderAction.VERIFIED);
    assertThat(Tables.version(ws.targetPath())).isEqualTo(version);
    RunRecord.StageCounts verified = record(ws, again).staged().orElseThrow();
    assertThat(verified.rowsRead()).isZero();
    assertThat(verified.filesVerified()).isEqualTo(2);
    assertThat(verified.rowsVerified()).isEqualTo(3);
  }

  @Test
  void aTargetChangedOutsideTheRunsGetsEveryFileMergedAgain() {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(DAY, "a.json", order("o-1", "placed"), order("o-2", "placed"));
    ws.writeRaw(NEXT, "b.json", order("o-3", "placed"));
    MutableClock clock = MutableClock.at(NEXT.plusDays(1));
    assertThat(ws.pipeline(clock).run(Optional.of(RANGE))).isInstanceOf(RunOutcome.Succeeded.class);
    List<String> before = Tables.target(ws.targetPath());
    long deletedAt = Tables.version(ws.targetPath()) + 1;
    TestSpark.session().sql("DELETE FROM delta.`" + ws.targetPath() + "` WHERE order_id = 'o-2'");
    assertThat(Tables.target(ws.targetPath())).hasSize(2);

    List<String> lines = new ArrayList<>();
    RunOutcome forced =
        ws.pipeline(clock, listener(lines)).run(RunRequest.of(Optional.of(RANGE)).forced(true));

    assertThat(forced).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(actions(forced)).containsOnly(FolderAction.READ_ALL);
    assertThat(Tables.target(ws.targetPath())).containsExactlyInAnyOrderElementsOf(before);
    assertThat(record(ws, forced).published().orElseThrow().inserted()).isEqualTo(1);
    assertThat(record(ws, forced).staged().orElseThrow().rowsVerified()).isZero();
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("stage: 3 rows read")
                    .contains(
                        "; every file merged again, not checked against the ledger's digests: the"
                            + " target may have changed since version ")
                    .endsWith(": version " + deletedAt + " is a DELETE made outside a run"));
  }

  private static RunListener listener(List<String> lines) {
    return new RunListener() {
      @Override
      public void stageFinished(String stage, long millis, String summary) {
        lines.add(stage + ": " + summary);
      }
    };
  }

  private static RunRecord record(Workspace ws, RunOutcome outcome) {
    return new RunLog(TestSpark.session(), ws.tables()).find(outcome.run().runId()).orElseThrow();
  }

  private static List<FolderAction> actions(RunOutcome outcome) {
    return outcome.run().plan().stream().map(FolderPlan::action).toList();
  }

  private static String statusOf(Workspace ws, String orderId) {
    Map<String, String> status =
        Tables.delta(ws.targetPath()).select("order_id", "status").collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    return status.get(orderId);
  }

  private static String order(String id, String status) {
    return order(id, status, "08");
  }

  private static String order(String id, String status, String hour) {
    return Workspace.order(id, DAY, status, "1.00", DAY + "T" + hour + ":00:00Z", 1);
  }
}

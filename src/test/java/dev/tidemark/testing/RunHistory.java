package dev.tidemark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.RunOutcome;
import dev.tidemark.runtime.StageHooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A pipeline with a real history, made once per test JVM and shared by the tests that read it
 * (history, status, report): five runs of the orders pipeline, one of each kind a user meets.
 *
 * <ol>
 *   <li>a backfill of 2026-01-01..02 (succeeded);
 *   <li>an incremental run reading 01-03 and 01-04 (succeeded);
 *   <li>the same incremental run again: nothing new (succeeded, no MERGE);
 *   <li>an incremental run over 01-05 (one of its lines is broken: quarantined) with {@code
 *       thresholds.max-lag = 1h}, on 01-06 at noon, well after the newest event: published,
 *       watermarks moved, status breached;
 *   <li>an incremental run over a new folder 01-07 that fails after staging (failed).
 * </ol>
 *
 * Then a file lands late in 01-02 (stale), and a folder 01-09 lands that no run read (a gap); 01-06
 * and 01-08 have no folder (missing). Clock at the end: {@link #NOW_DAY} noon.
 */
public final class RunHistory {
  public static final LocalDate NOW_DAY = LocalDate.of(2026, 1, 9);
  public static final LocalDate STALE_DATE = LocalDate.of(2026, 1, 2);
  public static final LocalDate FAILED_DATE = LocalDate.of(2026, 1, 7);
  public static final LocalDate GAP_DATE = LocalDate.of(2026, 1, 9);

  private static Workspace workspace;

  private RunHistory() {}

  /** The workspace holding the history; the clock of later commands should be {@link #clock()}. */
  public static synchronized Workspace workspace() {
    if (workspace == null) {
      workspace = build();
    }
    return workspace;
  }

  public static MutableClock clock() {
    return MutableClock.at(NOW_DAY);
  }

  private static Workspace build() {
    Path dir;
    try {
      dir = Files.createTempDirectory("tidemark-history");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Workspace ws = Workspace.create(dir);
    ws.generate(5, 60);
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 4));

    expect(Cli.run(ws, clock, "run", "orders", "--from", "2026-01-01", "--to", "2026-01-02"), 0);
    expect(Cli.run(ws, clock, "run", "orders"), 0);
    expect(Cli.run(ws, clock, "run", "orders"), 0);

    ws.writeRaw(LocalDate.of(2026, 1, 5), "broken.json", "{\"order_id\": \"ORD-BAD\", oops");
    ws.writePipeline(true, "  thresholds.max-lag = 1h\n");
    clock.setDay(LocalDate.of(2026, 1, 6));
    expect(Cli.run(ws, clock, "run", "orders"), 3);

    clock.setDay(FAILED_DATE);
    ws.writeRaw(
        FAILED_DATE,
        "late-orders.json",
        Workspace.order("ORD-H-1", FAILED_DATE, "placed", "10.00", "2026-01-07T08:00:00Z", 1));
    RunOutcome failed =
        ws.pipeline(
                clock,
                (point, runId) -> {
                  if (point == StageHooks.Point.AFTER_STAGE) {
                    throw new IllegalStateException("injected failure after stage");
                  }
                })
            .run(Optional.empty());
    assertThat(failed).isInstanceOf(RunOutcome.Failed.class);

    ws.writeRaw(
        STALE_DATE,
        "redelivered.json",
        Workspace.order("ORD-H-2", STALE_DATE, "placed", "20.00", "2026-01-02T09:00:00Z", 1));
    ws.writeRaw(
        GAP_DATE,
        "orders.json",
        Workspace.order("ORD-H-3", GAP_DATE, "placed", "30.00", "2026-01-09T07:00:00Z", 1));
    return ws;
  }

  private static void expect(Cli.Result result, int code) {
    assertThat(result.exitCode()).as(result.out() + "\n" + result.err()).isEqualTo(code);
  }
}

package dev.tidemark.report;

import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.plan.Batch;
import java.util.List;
import java.util.Optional;

/**
 * How far the newest batched backfill got, while it has batches left: its newest batch run. A
 * backfill whose last batch published is done and not shown.
 */
public record BackfillProgress(Batch last, RunStatus status, String runId) {

  /** From the pipeline's runs, newest first; empty when no batched backfill is unfinished. */
  public static Optional<BackfillProgress> of(List<RunRecord> newestFirst) {
    return newestFirst.stream()
        .filter(r -> r.batch().isPresent() && r.status() != RunStatus.RUNNING)
        .findFirst()
        .filter(r -> !(published(r) && r.batch().get().index() == r.batch().get().count()))
        .map(r -> new BackfillProgress(r.batch().get(), r.status(), r.runId()));
  }

  private static boolean published(RunRecord run) {
    return run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.BREACHED;
  }

  /** Whether the newest batch published (else it is run again first). */
  public boolean lastPublished() {
    return status == RunStatus.SUCCEEDED || status == RunStatus.BREACHED;
  }

  /**
   * {@code 2026-01-01 .. 2026-12-31: batch 37 of 120 failed; run the same command again to go on
   * with batch 37}.
   */
  public String describe() {
    int next = lastPublished() ? last.index() + 1 : last.index();
    return last.whole()
        + ": batch "
        + last.index()
        + " of "
        + last.count()
        + " "
        + status.label()
        + " ("
        + runId
        + "); run the same command again to go on with batch "
        + next;
  }
}

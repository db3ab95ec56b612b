package dev.tidemark;

import dev.tidemark.plan.Batch;
import dev.tidemark.plan.DateRange;
import java.util.Optional;

/**
 * What a user asks one run to do.
 *
 * @param range the landing dates of a backfill; empty for an incremental run from the watermark
 * @param force read every file in range again, whatever the ledger says (rows the target already
 *     holds are still not rewritten)
 * @param allowEmpty a snapshot pipeline may empty a partition whose folder is empty or missing now
 *     ({@code run --allow-empty})
 * @param replay parse the quarantine's rows again instead of reading folders ({@code quarantine
 *     replay})
 * @param batch which batch of a backfill this run is; {@code range} is the batch's
 */
public record RunRequest(
    Optional<DateRange> range,
    boolean force,
    boolean allowEmpty,
    boolean replay,
    Optional<Batch> batch) {

  public RunRequest(Optional<DateRange> range, boolean force, boolean allowEmpty, boolean replay) {
    this(range, force, allowEmpty, replay, Optional.empty());
  }

  public static RunRequest incremental() {
    return new RunRequest(Optional.empty(), false, false, false);
  }

  public static RunRequest backfill(DateRange range) {
    return new RunRequest(Optional.of(range), false, false, false);
  }

  /** A backfill of {@code range} when present, else an incremental run. */
  public static RunRequest of(Optional<DateRange> range) {
    return new RunRequest(range, false, false, false);
  }

  public static RunRequest quarantineReplay() {
    return new RunRequest(Optional.empty(), false, false, true);
  }

  public RunRequest forced(boolean force) {
    return new RunRequest(range, force, allowEmpty, replay, batch);
  }

  public RunRequest allowingEmpty(boolean allow) {
    return new RunRequest(range, force, allow, replay, batch);
  }

  /** This request narrowed to one batch of its range. */
  public RunRequest inBatch(DateRange batchRange, Batch of) {
    return new RunRequest(Optional.of(batchRange), force, allowEmpty, replay, Optional.of(of));
  }
}

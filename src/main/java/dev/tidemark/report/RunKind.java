package dev.tidemark.report;

import dev.tidemark.control.RunRecord;
import dev.tidemark.plan.RunMode;
import java.util.Locale;

/**
 * What a run's runtime is compared with: its mode, except that an incremental run or a backfill
 * that read no row is a no-op. A no-op takes a second where a backfill takes minutes, and a
 * rollback reads nothing: mixed into one p95, they would hide a slow backfill, or breach a normal
 * daily run against a p95 pulled down by no-op reruns.
 */
public enum RunKind {
  INCREMENTAL,
  BACKFILL,
  FORCED,
  REPLAY,
  ROLLBACK,
  NO_OP;

  public static RunKind of(RunRecord run) {
    boolean readNothing = run.staged().map(s -> s.rowsRead() == 0).orElse(false);
    if (readNothing && (run.mode() == RunMode.INCREMENTAL || run.mode() == RunMode.BACKFILL)) {
      return NO_OP;
    }
    return valueOf(run.mode().name());
  }

  /** {@code incremental}, {@code no-op}: as status, the report and the JSON output write it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}

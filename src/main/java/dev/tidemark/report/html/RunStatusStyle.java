package dev.tidemark.report.html;

import dev.tidemark.control.RunRecord;
import dev.tidemark.plan.RunMode;
import java.util.List;
import java.util.Optional;

/**
 * The mark a run gets wherever it is drawn (chart markers, the strip under each chart, its table
 * row): empty for a clean success, else a CSS class that colours it. A succeeded run that recorded
 * threshold breaches is marked breached too: the person validating a backfill must see it. A
 * rollback is marked as one: it changed the target without reading anything.
 */
final class RunStatusStyle {
  /** A mark and what the legend says of it. */
  record Mark(String cssClass, String meaning) {}

  /** Every mark {@link #of} can give, in the legend's order: the legend explains every colour. */
  static final List<Mark> MARKS =
      List.of(
          new Mark("failed", "failed"),
          new Mark("rejected", "rejected by a quality gate"),
          new Mark("breached", "breached a threshold"),
          new Mark("interrupted", "interrupted"),
          new Mark("running", "running, or died unrecorded"),
          new Mark("rollback", "rollback"));

  private RunStatusStyle() {}

  static Optional<String> of(RunRecord run) {
    return switch (run.status()) {
      case FAILED -> Optional.of("failed");
      case REJECTED -> Optional.of("rejected");
      case BREACHED -> Optional.of("breached");
      case INTERRUPTED -> Optional.of("interrupted");
      case RUNNING -> Optional.of("running");
      case SUCCEEDED ->
          run.mode() == RunMode.ROLLBACK
              ? Optional.of("rollback")
              : run.thresholdBreaches().isEmpty() ? Optional.empty() : Optional.of("breached");
    };
  }
}

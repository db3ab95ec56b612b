package dev.tidemark.report.html;

import dev.tidemark.control.RunRecord;
import java.util.Optional;

/**
 * The mark a run gets wherever it is drawn (chart markers, the strip under each chart, its table
 * row): empty for a clean success, else a CSS class that colours it. A succeeded run that recorded
 * threshold breaches is marked breached too: the person validating a backfill must see it.
 */
final class RunStatusStyle {
  private RunStatusStyle() {}

  static Optional<String> of(RunRecord run) {
    return switch (run.status()) {
      case FAILED -> Optional.of("failed");
      case BREACHED, REJECTED -> Optional.of("breached");
      case INTERRUPTED -> Optional.of("interrupted");
      case RUNNING -> Optional.of("running");
      case SUCCEEDED ->
          run.thresholdBreaches().isEmpty() ? Optional.empty() : Optional.of("breached");
    };
  }
}

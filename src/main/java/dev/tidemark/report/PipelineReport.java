package dev.tidemark.report;

import dev.tidemark.control.RunRecord;
import java.util.List;
import java.util.Optional;

/**
 * Everything the HTML report shows of one pipeline: its status now, its runs (oldest first), the
 * calendar of landing dates, the latest reconciliation, quality checks and the quarantine.
 */
public record PipelineReport(
    PipelineStatus status,
    List<RunRecord> runs,
    List<DateCoverage> calendar,
    Optional<ReconciliationSummary> latestReconciliation,
    List<QualityCheck> quality,
    QuarantineSummary quarantine) {
  public PipelineReport {
    runs = List.copyOf(runs);
    calendar = List.copyOf(calendar);
    quality = List.copyOf(quality);
  }
}

package dev.tidemark.report;

import java.util.List;

/**
 * One quality check's result on a run's staged batch. Quality gates are configured per pipeline
 * (the audit stage); until a pipeline has any, the report says none ran.
 */
public record QualityCheck(
    String runId,
    String check,
    String columns,
    String severity,
    String status,
    long failingRows,
    List<String> sampleKeys) {
  public QualityCheck {
    sampleKeys = List.copyOf(sampleKeys);
  }
}

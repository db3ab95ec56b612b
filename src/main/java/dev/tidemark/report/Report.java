package dev.tidemark.report;

import java.time.Instant;
import java.util.List;

/** The whole HTML report: when it was made, by which Tidemark, and one section per pipeline. */
public record Report(Instant generatedAt, String tidemarkVersion, List<PipelineReport> pipelines) {
  public Report {
    pipelines = List.copyOf(pipelines);
  }
}

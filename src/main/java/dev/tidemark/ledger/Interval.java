package dev.tidemark.ledger;

import dev.tidemark.plan.SourceFile;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** One row of the interval ledger: a landing date, the files it held, and who processed it. */
public record Interval(
    String pipeline,
    LocalDate landingDate,
    IntervalStatus status,
    String fingerprint,
    List<SourceFile> files,
    String configHash,
    String runId,
    Instant processedAt) {
  public Interval {
    files = List.copyOf(files);
  }
}

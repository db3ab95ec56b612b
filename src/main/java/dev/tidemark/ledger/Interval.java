package dev.tidemark.ledger;

import dev.tidemark.plan.LandingFolder;
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

  /** A landing folder as a run published it: its files as listed by that run's plan. */
  public static Interval published(
      String pipeline,
      LandingFolder folder,
      IntervalStatus status,
      String configHash,
      String runId,
      Instant now) {
    return new Interval(
        pipeline,
        folder.date(),
        status,
        folder.fingerprint(),
        folder.files(),
        configHash,
        runId,
        now);
  }

  public Interval withStatus(IntervalStatus newStatus, Instant now) {
    return new Interval(
        pipeline, landingDate, newStatus, fingerprint, files, configHash, runId, now);
  }
}

package dev.tidemark.control;

import dev.tidemark.plan.LandingFolder;
import dev.tidemark.plan.SourceFile;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One row of the interval ledger: a landing date, the files it held, and who processed it.
 *
 * @param digests the digest of each file's parsed rows as published, by path (see {@code
 *     FileDigests}): a forced rerun that parses a file into the same digest under the same
 *     configuration need not merge it again. Files without one are merged again.
 */
public record Interval(
    String pipeline,
    LocalDate landingDate,
    IntervalStatus status,
    String fingerprint,
    List<SourceFile> files,
    String configHash,
    String runId,
    Instant processedAt,
    Map<String, String> digests) {
  public Interval {
    files = List.copyOf(files);
    digests = Map.copyOf(digests);
  }

  /** A landing folder as a run published it: its files as listed by that run's plan. */
  public static Interval published(
      String pipeline,
      LandingFolder folder,
      IntervalStatus status,
      String configHash,
      String runId,
      Instant now,
      Map<String, String> digests) {
    return new Interval(
        pipeline,
        folder.date(),
        status,
        folder.fingerprint(),
        folder.files(),
        configHash,
        runId,
        now,
        digests);
  }

  public Interval withStatus(IntervalStatus newStatus, Instant now) {
    return new Interval(
        pipeline, landingDate, newStatus, fingerprint, files, configHash, runId, now, digests);
  }
}

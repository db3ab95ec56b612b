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
 * @param fileCount how many files the date held. A summary ({@link #isSummary}), read for the
 *     watermark, status and the report, has this count and no file names or digests: years of
 *     history hold a million of them.
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
    Map<String, String> digests,
    int fileCount) {
  public Interval {
    files = List.copyOf(files);
    digests = Map.copyOf(digests);
  }

  /** A whole interval: its files counted. */
  public Interval(
      String pipeline,
      LocalDate landingDate,
      IntervalStatus status,
      String fingerprint,
      List<SourceFile> files,
      String configHash,
      String runId,
      Instant processedAt,
      Map<String, String> digests) {
    this(
        pipeline,
        landingDate,
        status,
        fingerprint,
        files,
        configHash,
        runId,
        processedAt,
        digests,
        files.size());
  }

  /** Whether this is a summary: a count of files without their names (see {@code fileCount}). */
  public boolean isSummary() {
    return files.size() != fileCount;
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
    if (isSummary()) {
      throw new IllegalStateException(
          "Cannot rewrite the summary of " + landingDate + ": it holds no file names");
    }
    return new Interval(
        pipeline, landingDate, newStatus, fingerprint, files, configHash, runId, now, digests);
  }
}

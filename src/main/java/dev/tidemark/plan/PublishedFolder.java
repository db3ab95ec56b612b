package dev.tidemark.plan;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the interval ledger remembers of a landing date already published: by whom, and each file's
 * digest of parsed rows where it kept one.
 */
public record PublishedFolder(
    LocalDate date,
    String fingerprint,
    List<SourceFile> files,
    String configHash,
    String runId,
    Map<String, String> digests) {
  public PublishedFolder {
    files = List.copyOf(files);
    digests = Map.copyOf(digests);
  }

  public PublishedFolder(
      LocalDate date, String fingerprint, List<SourceFile> files, String configHash) {
    this(date, fingerprint, files, configHash, "", Map.of());
  }
}

package dev.tidemark.plan;

import java.time.LocalDate;
import java.util.List;

/** What the interval ledger remembers of a landing date already published. */
public record ProcessedFolder(
    LocalDate date, String fingerprint, List<SourceFile> files, String configHash) {
  public ProcessedFolder {
    files = List.copyOf(files);
  }
}

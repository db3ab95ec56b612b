package dev.tidemark.stage;

import java.util.Optional;
import java.util.Set;

/**
 * What a forced rerun found as published and left out of its stage pass (see {@link
 * ForcedVerification}): the files, the rows they hold, and, when none could be left out, why.
 *
 * @param notUsed why every file is merged again although digests were kept (empty otherwise)
 */
public record VerifiedFiles(Set<String> paths, long rows, Optional<String> notUsed) {
  public VerifiedFiles {
    paths = Set.copyOf(paths);
  }

  public static VerifiedFiles none() {
    return new VerifiedFiles(Set.of(), 0, Optional.empty());
  }

  /** What the stage line says of it, empty when there was nothing to verify. */
  public String summary() {
    if (notUsed.isPresent()) {
      return "; every file merged again, not checked against the ledger's digests: the target "
          + notUsed.get();
    }
    return paths.isEmpty()
        ? ""
        : String.format(
            "; %,d files (%,d rows) parsed again and found as published (the ledger's digests):"
                + " not merged again",
            paths.size(), rows);
  }
}

package dev.tidemark.plan;

import java.util.List;

/** One landing folder of a plan: as listed now, what to do with it, and the files to read. */
public record FolderPlan(LandingFolder folder, FolderAction action, List<SourceFile> toRead) {
  public FolderPlan {
    toRead = List.copyOf(toRead);
  }

  /** Whether the run reads any of this folder's files. */
  public boolean isRead() {
    return !toRead.isEmpty();
  }
}

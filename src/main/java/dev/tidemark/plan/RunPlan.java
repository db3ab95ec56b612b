package dev.tidemark.plan;

import java.util.List;

/** What one run reads: its range of landing dates and, per folder, the files to read. */
public record RunPlan(String pipeline, RunMode mode, DateRange range, List<PlannedFolder> folders) {
  public RunPlan {
    folders = List.copyOf(folders);
  }

  public List<SourceFile> filesToRead() {
    return folders.stream().flatMap(f -> f.toRead().stream()).toList();
  }

  public long bytesToRead() {
    return filesToRead().stream().mapToLong(SourceFile::size).sum();
  }

  /** Folders that have data files now: the ones the ledger records after the run. */
  public List<LandingFolder> presentFolders() {
    return folders.stream().map(PlannedFolder::folder).filter(f -> !f.isEmpty()).toList();
  }

  public long count(FolderAction action) {
    return folders.stream().filter(f -> f.action() == action).count();
  }
}

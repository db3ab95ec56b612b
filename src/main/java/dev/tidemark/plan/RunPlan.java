package dev.tidemark.plan;

import java.util.List;
import java.util.Set;

/** What one run reads: its range of landing dates and, per folder, the files to read. */
public record RunPlan(
    String pipeline,
    RunMode mode,
    DateRange range,
    List<PlannedFolder> folders,
    Set<SourceFile> publishedBefore) {
  /**
   * @param publishedBefore files to read that the ledger says were published under this same
   *     configuration (only {@code --force} reads such files): their drift was checked then
   */
  public RunPlan {
    folders = List.copyOf(folders);
    publishedBefore = Set.copyOf(publishedBefore);
  }

  public RunPlan(String pipeline, RunMode mode, DateRange range, List<PlannedFolder> folders) {
    this(pipeline, mode, range, folders, Set.of());
  }

  /** The files to read that no run published under this configuration: new, changed or moved. */
  public List<SourceFile> filesNotPublishedBefore() {
    return filesToRead().stream().filter(f -> !publishedBefore.contains(f)).toList();
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

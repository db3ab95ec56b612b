package dev.tidemark.plan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one run reads: its range of landing dates and, per folder, the files to read. */
public record RunPlan(
    String pipeline,
    RunMode mode,
    DateRange range,
    List<FolderPlan> folders,
    Set<SourceFile> publishedBefore,
    Map<String, PublishedDigest> digests,
    LateFiles lateFiles,
    java.util.Optional<Batch> batch) {
  /**
   * @param publishedBefore files to read that the ledger says were published under this same
   *     configuration (only {@code --force} reads such files): their drift was checked then
   * @param digests by path, the digests the ledger keeps of the range's files in landing dates
   *     processed under this same configuration
   * @param lateFiles what an incremental run found in folders published before its range (those it
   *     reads are among {@code folders}, oldest first)
   * @param batch which batch of a backfill this run is, when the backfill runs in batches
   */
  public RunPlan {
    folders = List.copyOf(folders);
    publishedBefore = Set.copyOf(publishedBefore);
    digests = Map.copyOf(digests);
  }

  public RunPlan(
      String pipeline,
      RunMode mode,
      DateRange range,
      List<FolderPlan> folders,
      Set<SourceFile> publishedBefore,
      Map<String, PublishedDigest> digests,
      LateFiles lateFiles) {
    this(
        pipeline,
        mode,
        range,
        folders,
        publishedBefore,
        digests,
        lateFiles,
        java.util.Optional.empty());
  }

  public RunPlan(String pipeline, RunMode mode, DateRange range, List<FolderPlan> folders) {
    this(pipeline, mode, range, folders, Set.of(), Map.of(), LateFiles.NONE);
  }

  /** This plan with what its late-file search found, or why it did not search. */
  RunPlan withLateFiles(LateFiles found) {
    return new RunPlan(pipeline, mode, range, folders, publishedBefore, digests, found, batch);
  }

  /** This plan as the given batch of a backfill. */
  public RunPlan inBatch(Batch of) {
    return new RunPlan(
        pipeline,
        mode,
        range,
        folders,
        publishedBefore,
        digests,
        lateFiles,
        java.util.Optional.of(of));
  }

  /**
   * This plan without the files a forced rerun found as published (their parsed rows match the
   * ledger's digests): a folder left with nothing to read is {@link FolderAction#VERIFIED}, one
   * left with some files reads those as {@link FolderAction#READ_NEW_FILES}.
   */
  public RunPlan withoutVerified(Set<String> verifiedPaths) {
    List<FolderPlan> left = new ArrayList<>();
    for (FolderPlan f : folders) {
      List<SourceFile> toRead =
          f.toRead().stream().filter(s -> !verifiedPaths.contains(s.path())).toList();
      if (toRead.size() == f.toRead().size()) {
        left.add(f);
      } else if (toRead.isEmpty()) {
        left.add(new FolderPlan(f.folder(), FolderAction.VERIFIED, List.of()));
      } else {
        left.add(new FolderPlan(f.folder(), FolderAction.READ_NEW_FILES, toRead));
      }
    }
    return new RunPlan(pipeline, mode, range, left, publishedBefore, digests, lateFiles, batch);
  }

  /** The files to read that no run published under this configuration: new, changed or moved. */
  public List<SourceFile> filesNotPublishedBefore() {
    return filesToRead().stream().filter(f -> !publishedBefore.contains(f)).toList();
  }

  /** The landing dates the run reads files of. */
  public List<LocalDate> readDates() {
    return folders.stream().filter(FolderPlan::isRead).map(f -> f.folder().date()).toList();
  }

  public List<SourceFile> filesToRead() {
    return folders.stream().flatMap(f -> f.toRead().stream()).toList();
  }

  /** The folders of landing dates within {@code dates} that the run reads files of. */
  public List<FolderPlan> readIn(DateRange dates) {
    return folders.stream().filter(f -> f.isRead() && dates.contains(f.folder().date())).toList();
  }

  /** The bytes of the files the run reads in landing dates within {@code dates}. */
  public long bytesToRead(DateRange dates) {
    return readIn(dates).stream()
        .flatMap(f -> f.toRead().stream())
        .mapToLong(SourceFile::size)
        .sum();
  }

  public long bytesToRead() {
    return filesToRead().stream().mapToLong(SourceFile::size).sum();
  }

  /** Folders that have data files now: the ones the ledger records after the run. */
  public List<LandingFolder> presentFolders() {
    return folders.stream().map(FolderPlan::folder).filter(f -> !f.isEmpty()).toList();
  }

  public long count(FolderAction action) {
    return folders.stream().filter(f -> f.action() == action).count();
  }
}

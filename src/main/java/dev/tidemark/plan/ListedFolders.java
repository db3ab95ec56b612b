package dev.tidemark.plan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The landing folders one listing of a root finds, and their files: {@link FolderLister#listEvery}
 * lists, this sorts what it lists into folders by date. Misnamed folders (dt=2026-1-5) count with
 * the date a run reads them with (see {@link StrayFolders}).
 */
final class ListedFolders {
  private final Path base;
  private final String prefix;
  private final FileStatus[] top;
  private final Map<LocalDate, List<SourceFile>> byDate = new TreeMap<>();
  private final Map<LocalDate, String> paths = new HashMap<>();
  private final Map<String, LocalDate> strays = new HashMap<>();

  /** The folders the root's own listing, {@code top}, names. */
  ListedFolders(Path base, String prefix, FileStatus[] top) {
    this.base = base;
    this.prefix = prefix;
    this.top = top;
    for (FileStatus status : top) {
      addFolder(status);
    }
  }

  private void addFolder(FileStatus status) {
    String name = status.getPath().getName();
    Optional<LocalDate> date = landingDate(name).filter(d -> status.isDirectory());
    if (date.isPresent()) {
      byDate.putIfAbsent(date.get(), new ArrayList<>());
      paths.put(date.get(), status.getPath().toString());
    } else if (status.isDirectory() && name.startsWith(prefix)) {
      StrayFolders.closestDate(name.substring(prefix.length()))
          .ifPresent(
              d -> {
                strays.put(name, d);
                byDate.putIfAbsent(d, new ArrayList<>());
                paths.putIfAbsent(d, new Path(base, prefix + d).toString());
              });
    }
  }

  /**
   * What of the root's listing to walk: only landing folders are opened, as other folders under the
   * root hold nothing a run reads.
   */
  List<FileStatus> toWalk() {
    return Arrays.stream(top)
        .filter(
            f ->
                !f.isDirectory()
                    || landingDate(f.getPath().getName()).isPresent()
                    || strays.containsKey(f.getPath().getName()))
        .toList();
  }

  /** A file the walk found, kept when it is a data file of a landing folder. */
  void addFile(FileStatus status) {
    Path folder = status.getPath();
    while (folder.getParent() != null && folder.getParent().depth() > base.depth()) {
      folder = folder.getParent();
    }
    // Files right under the root belong to no landing folder; byDate holds only folders.
    String folderName = folder.getName();
    List<SourceFile> files =
        landingDate(folderName)
            .or(() -> Optional.ofNullable(strays.get(folderName)))
            .map(byDate::get)
            .orElse(null);
    if (files != null
        && !folder.equals(status.getPath())
        && FolderLister.isDataFile(folder, status.getPath())) {
      files.add(
          new SourceFile(
              status.getPath().toString(), status.getLen(), status.getModificationTime()));
    }
  }

  /** The folders by date, each one's files sorted by path. */
  List<LandingFolder> folders() {
    List<LandingFolder> folders = new ArrayList<>();
    byDate.forEach(
        (date, files) -> {
          files.sort(Comparator.comparing(SourceFile::path));
          folders.add(new LandingFolder(date, paths.get(date), files));
        });
    return folders;
  }

  private Optional<LocalDate> landingDate(String name) {
    if (!name.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(name.substring(prefix.length())));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

package dev.tidemark.plan;

import dev.tidemark.config.LandingLayout;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedList;
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
  private final LandingLayout layout;
  private final Map<LocalDate, List<SourceFile>> byDate = new TreeMap<>();
  private final Map<LocalDate, String> paths = new HashMap<>();

  ListedFolders(Path base, LandingLayout layout) {
    this.base = base;
    this.layout = layout;
  }

  /**
   * Whether to list a folder the walk found: only those that spell the layout's folders down to a
   * day's folder (loosely: misnamed ones too), and anything inside a day's folder. Other folders
   * under the root hold nothing a run reads.
   */
  boolean walkInto(Path folder) {
    List<String> names = names(folder);
    return names.size() > layout.dayDepth() || layout.loose(names).isPresent() && !names.isEmpty();
  }

  /** A folder the walk found: a day's folder counts even when it holds no file. */
  void addFolder(Path folder) {
    List<String> names = names(folder);
    if (names.size() == layout.dayDepth()) {
      date(names, folder).ifPresent(d -> byDate.putIfAbsent(d, new ArrayList<>()));
    }
  }

  /** A file the walk found, kept when it is a data file of a landing folder. */
  void addFile(FileStatus status) {
    List<String> names = names(status.getPath());
    if (names.size() <= layout.dayDepth()) {
      return; // above the day folders: belongs to no landing folder (unread lists it)
    }
    List<String> day = names.subList(0, layout.dayDepth());
    Path folder = status.getPath();
    for (int i = names.size(); i > layout.dayDepth(); i--) {
      folder = folder.getParent();
    }
    Optional<LocalDate> date = date(day, folder);
    if (date.isPresent() && FolderLister.isDataFile(folder, status.getPath())) {
      byDate
          .computeIfAbsent(date.get(), d -> new ArrayList<>())
          .add(
              new SourceFile(
                  status.getPath().toString(), status.getLen(), status.getModificationTime()));
    }
  }

  /** The date a day folder's names give, exactly or as a misnamed folder is read. */
  private Optional<LocalDate> date(List<String> names, Path folder) {
    Optional<LocalDate> exact = layout.date(names);
    if (exact.isPresent()) {
      paths.put(exact.get(), folder.toString());
      return exact;
    }
    Optional<LocalDate> closest = layout.closestDate(names);
    closest.ifPresent(d -> paths.putIfAbsent(d, new Path(base, layout.dayFolder(d)).toString()));
    return closest;
  }

  /** The folder names of a path below the root. */
  private List<String> names(Path path) {
    LinkedList<String> names = new LinkedList<>();
    for (Path p = path; p != null && p.depth() > base.depth(); p = p.getParent()) {
      names.addFirst(p.getName());
    }
    return names;
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
}

package dev.tidemark.plan;

import dev.tidemark.config.LandingLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the landing folders of a range, one folder per date, by their exact names as the layout
 * writes them (with every hour folder in them). Folders outside the range are never listed or
 * opened, however many there are.
 */
public final class FolderLister {
  private final Configuration hadoopConf;

  public FolderLister(Configuration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  public List<LandingFolder> list(String root, LandingLayout layout, DateRange range) {
    java.util.Map<LocalDate, List<SourceFile>> strays = strays(root, layout, range);
    List<LandingFolder> folders = new ArrayList<>();
    for (LocalDate date : range.dates()) {
      LandingFolder folder = list(root, layout, date);
      if (strays.containsKey(date)) {
        List<SourceFile> files = new ArrayList<>(folder.files());
        files.addAll(strays.get(date));
        files.sort(Comparator.comparing(SourceFile::path));
        folder = new LandingFolder(date, folder.path(), files);
      }
      folders.add(folder);
    }
    return folders;
  }

  /**
   * The range's folders by their exact names only, without looking for misnamed ones: enough to
   * size a range (how many batches it takes), and silent about what {@link #list} warns of.
   */
  public List<LandingFolder> listNamed(String root, LandingLayout layout, DateRange range) {
    return range.dates().stream().map(date -> list(root, layout, date)).toList();
  }

  /** Misnamed folders (dt=2026-1-5) whose date is in range: see {@link StrayFolders}. */
  private java.util.Map<LocalDate, List<SourceFile>> strays(
      String root, LandingLayout layout, DateRange range) {
    Path base = new Path(root);
    try {
      return StrayFolders.find(base.getFileSystem(hadoopConf), base, layout, range);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot list the folder names under " + base + ": " + e.getMessage(), e);
    }
  }

  /**
   * What no run reads under the root: folders not named as landing dates and files at the root; see
   * {@link StrayFolders#unread}. With why, for status: {@link #unreadAdvice}.
   */
  public List<String> unread(String root, LandingLayout layout) {
    Path base = new Path(root);
    try {
      return StrayFolders.unread(base.getFileSystem(hadoopConf), base, layout);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot list the folder names under " + base + ": " + e.getMessage(), e);
    }
  }

  /** Why the entries {@link #unread} lists are not read, and what to do. */
  public static String unreadAdvice(LandingLayout layout, int entries) {
    return StrayFolders.unreadAdvice(layout, entries);
  }

  LandingFolder list(String root, LandingLayout layout, LocalDate date) {
    Path dir = new Path(root, layout.dayFolder(date));
    try {
      FileSystem fs = dir.getFileSystem(hadoopConf);
      List<SourceFile> files = new ArrayList<>();
      for (FileStatus status : FilesUnder.list(fs, dir)) {
        if (isDataFile(dir, status.getPath())) {
          files.add(
              new SourceFile(
                  status.getPath().toString(), status.getLen(), status.getModificationTime()));
        }
      }
      files.sort(Comparator.comparing(SourceFile::path));
      return new LandingFolder(date, dir.toString(), files);
    } catch (FileNotFoundException e) {
      return new LandingFolder(date, dir.toString(), List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot list landing folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every landing folder under the root, from one recursive listing (a paged flat listing on object
   * stores): what status and the report compare with the ledger. Folders not named as the layout
   * writes them are left out; misnamed ones (dt=2026-1-5) count with the date a run reads them with
   * (see {@link StrayFolders}).
   */
  public List<LandingFolder> listAll(String root, LandingLayout layout) {
    return listEvery(root, layout).folders();
  }

  /** Every landing folder under a root, and the file-system list calls it took to find them. */
  public record Listing(List<LandingFolder> folders, long listCalls) {
    public Listing {
      folders = List.copyOf(folders);
    }
  }

  /** As {@link #listAll}, counting the list calls: what a run's late-file search costs. */
  public Listing listEvery(String root, LandingLayout layout) {
    Path base = new Path(root);
    try {
      FileSystem fs = base.getFileSystem(hadoopConf);
      // S3A counts its LIST requests (a page of 1,000 keys each, and the probes of exists()).
      Long requestsBefore = listRequests(fs);
      if (!fs.exists(base)) {
        return new Listing(List.of(), 0);
      }
      ListedFolders found = new ListedFolders(base, layout);
      Walk walk = walk(fs, base, found);
      Long requestsAfter = listRequests(fs);
      long calls = walk.calls();
      if (requestsBefore != null && requestsAfter != null) {
        calls = requestsAfter - requestsBefore;
      }
      walk.files().forEach(found::addFile);
      return new Listing(found.folders(), calls);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot list the landing folders under " + base + ": " + e.getMessage(), e);
    }
  }

  private record Walk(List<FileStatus> files, long calls) {}

  /** The store's count of LIST requests so far (S3A's object_list_request), when it keeps one. */
  private static Long listRequests(FileSystem fs) {
    return fs.getStorageStatistics().getLong("object_list_request");
  }

  /**
   * Every file under {@code base} in a folder {@code found} walks into. A folder's modification
   * time cannot stand in for listing it: a file rewritten in place, or one added to a sub-folder,
   * leaves it as it was. So on file systems with folders each folder is listed once; on object
   * stores one flat listing of the root covers every folder, its pages counted from the store's
   * statistics.
   */
  private static Walk walk(FileSystem fs, Path base, ListedFolders found) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    FileStatus[] top = fs.listStatus(base);
    if (FilesUnder.listsFlat(fs)) {
      for (FileStatus status : top) {
        if (status.isDirectory()) {
          found.addFolder(status.getPath());
        }
      }
      files.addAll(FilesUnder.list(fs, base));
      return new Walk(files, 2); // its pages are counted by the store (see listEvery)
    }
    long calls = 1; // the root's
    java.util.ArrayDeque<FileStatus> pending = new java.util.ArrayDeque<>(List.of(top));
    while (!pending.isEmpty()) {
      FileStatus status = pending.pop();
      if (!status.isDirectory()) {
        files.add(status);
        continue;
      }
      String name = status.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".") || !found.walkInto(status.getPath())) {
        continue; // never read (see isDataFile): _temporary, .staging; or no landing folder
      }
      found.addFolder(status.getPath());
      calls++;
      try {
        pending.addAll(List.of(fs.listStatus(status.getPath())));
      } catch (FileNotFoundException e) {
        // Deleted while listed: nothing of it can be read.
      }
    }
    return new Walk(files, calls);
  }

  /** Skips what Spark and Hadoop skip: names starting with '_' or '.' at any level (_SUCCESS). */
  static boolean isDataFile(Path folder, Path file) {
    for (Path p = file; p != null && p.depth() > folder.depth(); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return false;
      }
    }
    return true;
  }
}

package dev.tidemark.plan;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the landing folders of a range, one folder per date, by their exact names. Folders outside
 * the range are never listed or opened, however many there are.
 */
public final class FolderLister {
  private final Configuration hadoopConf;

  public FolderLister(Configuration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  public List<LandingFolder> list(String root, String prefix, DateRange range) {
    List<LandingFolder> folders = new ArrayList<>();
    for (LocalDate date : range.dates()) {
      folders.add(list(root, prefix, date));
    }
    return folders;
  }

  LandingFolder list(String root, String prefix, LocalDate date) {
    Path dir = new Path(root, prefix + date);
    try {
      FileSystem fs = dir.getFileSystem(hadoopConf);
      List<SourceFile> files = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        LocatedFileStatus status = it.next();
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

  /** Skips what Spark and Hadoop skip: names starting with '_' or '.' at any level (_SUCCESS). */
  private static boolean isDataFile(Path folder, Path file) {
    for (Path p = file; p != null && p.depth() > folder.depth(); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return false;
      }
    }
    return true;
  }
}

package dev.tidemark.plan;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Landing folders whose name is not a valid date (dt=2026-1-5, dt=2026-02-30): their files are read
 * with the date their name comes closest to (2026-01-05; 2026-02-28, the month's last day), and
 * every row in them goes to quarantine naming the folder. So a misnamed delivery is seen once, by
 * the run that covers its date, and is never silently skipped.
 *
 * <p>Everything else under the root that no run reads (backup/, dt_2026-01-31/, files at the root)
 * is named in a warning by each run and listed by {@code status}: see {@link #unread}.
 *
 * <p>Finding them takes one listing of the source root's names (one paged LIST on an object store);
 * only the misnamed folders that fall in the range are opened, never a folder outside it.
 */
final class StrayFolders {
  private static final Logger LOG = LoggerFactory.getLogger(StrayFolders.class);

  /** Year, month and day in any spelling: 2026-1-5, 2026_01_05, 2026-02-30. */
  private static final Pattern LOOSE_DATE = Pattern.compile("(\\d{4})\\D(\\d{1,2})\\D(\\d{1,2})");

  private StrayFolders() {}

  /** The data files of misnamed folders under {@code root}, by the range date they belong to. */
  static Map<LocalDate, List<SourceFile>> find(
      FileSystem fs, Path root, String prefix, DateRange range) throws IOException {
    Map<LocalDate, List<SourceFile>> byDate = new TreeMap<>();
    FileStatus[] children;
    try {
      children = fs.listStatus(root);
    } catch (FileNotFoundException e) {
      return byDate;
    }
    List<String> unread = unread(children, prefix);
    if (!unread.isEmpty()) {
      LOG.warn(
          "Cannot read {} under {}: {}",
          String.join(", ", unread),
          root,
          unreadAdvice(prefix, unread.size()));
    }
    for (FileStatus child : children) {
      String name = child.getPath().getName();
      if (!child.isDirectory() || !name.startsWith(prefix) || isValid(name, prefix)) {
        continue;
      }
      Optional<LocalDate> date = closestDate(name.substring(prefix.length()));
      if (date.isEmpty()) {
        continue; // in the warning above
      }
      if (range.contains(date.get())) {
        List<SourceFile> files = byDate.computeIfAbsent(date.get(), d -> new ArrayList<>());
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(child.getPath(), true);
        while (it.hasNext()) {
          LocatedFileStatus status = it.next();
          if (FolderLister.isDataFile(child.getPath(), status.getPath())) {
            files.add(
                new SourceFile(
                    status.getPath().toString(), status.getLen(), status.getModificationTime()));
          }
        }
      }
    }
    return byDate;
  }

  /**
   * What no run reads under the root, folders with a trailing '/': folders whose name is not the
   * prefix and a date (backup/, dt_2026-01-31/, or dt=latest/ that names no date at all), and files
   * right at the root. Names starting with '_' or '.' (_SUCCESS, .DS_Store) are skipped, as Spark
   * skips them. Sorted.
   */
  static List<String> unread(FileSystem fs, Path root, String prefix) throws IOException {
    try {
      return unread(fs.listStatus(root), prefix);
    } catch (FileNotFoundException e) {
      return List.of();
    }
  }

  private static List<String> unread(FileStatus[] children, String prefix) {
    List<String> unread = new ArrayList<>();
    for (FileStatus child : children) {
      String name = child.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (!child.isDirectory()) {
        unread.add(name);
      } else if (!name.startsWith(prefix)
          || !isValid(name, prefix) && closestDate(name.substring(prefix.length())).isEmpty()) {
        unread.add(name + "/");
      }
    }
    unread.sort(null);
    return unread;
  }

  /** What to do about the entries {@link #unread} lists, for the run's warning and status. */
  static String unreadAdvice(String prefix, int entries) {
    return (entries == 1 ? "its name is not " : "their names are not ")
        + prefix
        + "YYYY-MM-DD, so no run reads "
        + (entries == 1 ? "it" : "them")
        + ". Move the files into the right "
        + prefix
        + "YYYY-MM-DD folder, or out of the source root";
  }

  private static boolean isValid(String name, String prefix) {
    try {
      LocalDate.parse(name.substring(prefix.length()));
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** The date a loose spelling means, the day clamped into its month; empty without a month. */
  static Optional<LocalDate> closestDate(String text) {
    Matcher m = LOOSE_DATE.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    int month = Integer.parseInt(m.group(2));
    if (month < 1 || month > 12) {
      return Optional.empty();
    }
    YearMonth ym = YearMonth.of(Integer.parseInt(m.group(1)), month);
    int day = Math.max(1, Math.min(Integer.parseInt(m.group(3)), ym.lengthOfMonth()));
    return Optional.of(ym.atDay(day));
  }
}

package dev.tidemark.plan;

import dev.tidemark.config.LandingLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Landing folders whose names are not a valid date as the layout writes it (dt=2026-1-5,
 * dt=2026-02-30, year=2026/month=1/day=5): their files are read with the date their names come
 * closest to (2026-01-05; 2026-02-28, the month's last day), and every row in them goes to
 * quarantine naming the folder. So a misnamed delivery is seen once, by the run that covers its
 * date, and is never silently skipped.
 *
 * <p>Everything else under the root that no run reads (backup/, dt_2026-01-31/, month=13/, files at
 * the root) is named in a warning by each run and listed by {@code status}: see {@link #unread}.
 *
 * <p>Finding them takes one listing of each folder above the range's day folders: the root for
 * {@code dt={date}}, the root, a year and a month for {@code {yyyy}/{MM}/{dd}} (one paged LIST each
 * on an object store). Only the misnamed folders that fall in the range are opened, never a folder
 * outside it.
 */
final class StrayFolders {
  private static final Logger LOG = LoggerFactory.getLogger(StrayFolders.class);

  private StrayFolders() {}

  /** A folder above or at the day's level, and its names below the root. */
  private record Node(Path path, List<String> names) {}

  /** What a walk down to the day folders found: the day folders and what no run reads. */
  private record Walk(List<Node> days, List<String> unread) {}

  /** The data files of misnamed folders under {@code root}, by the range date they belong to. */
  static Map<LocalDate, List<SourceFile>> find(
      FileSystem fs, Path root, LandingLayout layout, DateRange range) throws IOException {
    Map<LocalDate, List<SourceFile>> byDate = new TreeMap<>();
    Walk walk = walk(fs, root, layout, values -> mayHold(range, values));
    if (!walk.unread().isEmpty()) {
      LOG.warn(
          "Cannot read {} under {}: {}",
          String.join(", ", walk.unread()),
          root,
          unreadAdvice(layout, walk.unread().size()));
    }
    for (Node day : walk.days()) {
      if (layout.date(day.names()).isPresent()) {
        continue; // listed by its date
      }
      Optional<LocalDate> date = layout.closestDate(day.names());
      if (date.isPresent() && range.contains(date.get())) {
        List<SourceFile> files = byDate.computeIfAbsent(date.get(), d -> new ArrayList<>());
        for (FileStatus status : FilesUnder.list(fs, day.path())) {
          if (FolderLister.isDataFile(day.path(), status.getPath())) {
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
   * What no run reads under the root, folders with a trailing '/', by their path below it: folders
   * whose name is no spelling of the layout's folder at its level (backup/, dt_2026-01-31/,
   * dt=latest/, year=2026/month=13/), and files above the day folders. Names starting with '_' or
   * '.' (_SUCCESS, .DS_Store) are skipped, as Spark skips them. Sorted.
   */
  static List<String> unread(FileSystem fs, Path root, LandingLayout layout) throws IOException {
    List<String> unread = new ArrayList<>(walk(fs, root, layout, values -> true).unread());
    unread.sort(null);
    return unread;
  }

  /**
   * Lists the folders above the day folders, level by level, going into those whose names spell the
   * layout's folder (loosely) and whose values {@code wanted} accepts.
   */
  private static Walk walk(FileSystem fs, Path root, LandingLayout layout, Predicate<int[]> wanted)
      throws IOException {
    List<Node> level = List.of(new Node(root, List.of()));
    List<String> unread = new ArrayList<>();
    for (int depth = 0; depth < layout.dayDepth(); depth++) {
      List<Node> next = new ArrayList<>();
      for (Node parent : level) {
        FileStatus[] children;
        try {
          children = fs.listStatus(parent.path());
        } catch (FileNotFoundException e) {
          continue;
        }
        for (FileStatus child : children) {
          String name = child.getPath().getName();
          if (name.startsWith("_") || name.startsWith(".")) {
            continue;
          }
          List<String> names = new ArrayList<>(parent.names());
          names.add(name);
          String below = String.join("/", names);
          if (!child.isDirectory()) {
            unread.add(below);
            continue;
          }
          Optional<int[]> values = layout.loose(names);
          if (values.isEmpty()) {
            unread.add(below + "/");
          } else if (wanted.test(values.get())) {
            next.add(new Node(child.getPath(), List.copyOf(names)));
          }
        }
      }
      level = next;
    }
    return new Walk(level, unread);
  }

  /**
   * Whether a folder whose names give these year, month and day (-1 where not named yet) can hold a
   * date of the range, the day clamped into its month as {@link LandingLayout#closestDate} does.
   */
  private static boolean mayHold(DateRange range, int[] values) {
    for (LocalDate date : range.dates()) {
      if ((values[0] == -1 || values[0] == date.getYear())
          && (values[1] == -1 || values[1] == date.getMonthValue())
          && (values[2] == -1 || clamp(values, date) == date.getDayOfMonth())) {
        return true;
      }
    }
    return false;
  }

  private static int clamp(int[] values, LocalDate date) {
    return Math.max(1, Math.min(values[2], date.lengthOfMonth()));
  }

  /** What to do about the entries {@link #unread} lists, for the run's warning and status. */
  static String unreadAdvice(LandingLayout layout, int entries) {
    String shown = layout.shown();
    return (entries == 1 ? "its name is not " : "their names are not ")
        + shown
        + ", so no run reads "
        + (entries == 1 ? "it" : "them")
        + ". Move the files into the right "
        + shown
        + " folder, or out of the source root";
  }
}

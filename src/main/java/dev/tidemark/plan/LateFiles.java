package dev.tidemark.plan;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Files that landed in folders published before an incremental run's range: the run reads those
 * within {@code pipeline.late-files.max-age-days}, and ends breached naming the others, so that no
 * file that lands is ever skipped without a word.
 *
 * @param read the folders older than the range with new or changed files, read by this run
 * @param beyond the folders with new or changed files older than the bound: not read
 * @param maxAgeDays the bound, when set
 * @param listCalls the file-system list calls it took to find them
 * @param listMillis and the time they took
 */
public record LateFiles(
    List<FolderPlan> read,
    List<FolderPlan> beyond,
    Optional<Integer> maxAgeDays,
    long listCalls,
    long listMillis) {
  /** Not searched: a backfill, a forced rerun or a replay reads what its range says. */
  public static final LateFiles NONE = new LateFiles(List.of(), List.of(), Optional.empty(), 0, 0);

  private static final int NAMED = 10;

  public LateFiles {
    read = List.copyOf(read);
    beyond = List.copyOf(beyond);
  }

  /** For the plan stage's line: what was found, and what finding it cost. */
  public String summary() {
    if (read.isEmpty() && beyond.isEmpty() && listCalls == 0) {
      return ""; // not searched, or no folder published before the range
    }
    return String.format(
        "; late files: %d older folders to read, %d beyond late-files.max-age-days, %,d list"
            + " calls in %,d ms",
        read.size(), beyond.size(), listCalls, listMillis);
  }

  /**
   * Why the run breaches when late files lie beyond the bound: the folders, and the backfill that
   * reads them (a backfill reads only the folders of its range that changed).
   */
  public Optional<String> breach(String pipeline) {
    if (beyond.isEmpty()) {
      return Optional.empty();
    }
    LocalDate from = beyond.stream().map(f -> f.folder().date()).min(LocalDate::compareTo).get();
    LocalDate to = beyond.stream().map(f -> f.folder().date()).max(LocalDate::compareTo).get();
    String named =
        beyond.stream()
            .limit(NAMED)
            .map(f -> f.folder().path() + " (" + f.toRead().size() + " new or changed files)")
            .collect(Collectors.joining(", "));
    return Optional.of(
        String.format(
            "late files not read: %d landing folders older than pipeline.late-files.max-age-days"
                + " = %d have new or changed files: %s%s. Read them with: tidemark run %s --from"
                + " %s --to %s",
            beyond.size(),
            maxAgeDays.orElse(0),
            named,
            beyond.size() > NAMED ? " and " + (beyond.size() - NAMED) + " more" : "",
            pipeline,
            from,
            to));
  }
}

package dev.tidemark.plan;

import java.time.Instant;
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
 * @param searchedAt when every published folder was searched, when this run did
 * @param nextSearch when this run did not search, by {@code pipeline.late-files.search-every}: when
 *     the next run will
 */
public record LateFiles(
    List<FolderPlan> read,
    List<FolderPlan> beyond,
    Optional<Integer> maxAgeDays,
    long listCalls,
    long listMillis,
    Optional<Instant> searchedAt,
    Optional<Instant> nextSearch) {
  /** Not searched: a backfill, a forced rerun or a replay reads what its range says. */
  public static final LateFiles NONE = new LateFiles(List.of(), List.of(), Optional.empty(), 0, 0);

  public LateFiles(
      List<FolderPlan> read,
      List<FolderPlan> beyond,
      Optional<Integer> maxAgeDays,
      long listCalls,
      long listMillis) {
    this(read, beyond, maxAgeDays, listCalls, listMillis, Optional.empty(), Optional.empty());
  }

  /** Not searched this run: the last search is younger than late-files.search-every. */
  public static LateFiles notDue(Instant next) {
    return new LateFiles(
        List.of(), List.of(), Optional.empty(), 0, 0, Optional.empty(), Optional.of(next));
  }

  /** The same finds, searched every published folder at {@code at}. */
  LateFiles searched(Instant at) {
    return new LateFiles(
        read, beyond, maxAgeDays, listCalls, listMillis, Optional.of(at), Optional.empty());
  }

  private static final int NAMED = 10;

  public LateFiles {
    read = List.copyOf(read);
    beyond = List.copyOf(beyond);
  }

  /** For the plan stage's line: what was found, and what finding it cost. */
  public String summary() {
    if (nextSearch.isPresent()) {
      return "; late files: older folders not searched this run (late-files.search-every), next"
          + " search after "
          + nextSearch.get();
    }
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

package dev.tidemark.report;

import dev.tidemark.control.Interval;
import dev.tidemark.control.IntervalStatus;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.plan.LandingFolder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The state of every landing date of a pipeline, from its folders as they are now, the interval
 * ledger and the run log: what status lists as gaps and stale dates, and the report colours.
 */
final class Coverage {
  /** At most this many dates (ten years): a typo'd start date must not make a huge calendar. */
  static final int MAX_DAYS = 3660;

  private Coverage() {}

  /**
   * The dates from the first one known (start date, folder or ledger) to the last one known (folder
   * or ledger), each with its state.
   *
   * @param runs the pipeline's runs, newest first
   */
  public static List<DateCoverage> of(
      Optional<LocalDate> startDate,
      List<LandingFolder> folders,
      List<Interval> intervals,
      List<RunRecord> runs,
      String configHash) {
    Map<LocalDate, LandingFolder> byDate =
        folders.stream().collect(Collectors.toMap(LandingFolder::date, Function.identity()));
    Map<LocalDate, Interval> published =
        intervals.stream().collect(Collectors.toMap(Interval::landingDate, Function.identity()));
    List<LocalDate> known =
        Stream.concat(byDate.keySet().stream(), published.keySet().stream()).sorted().toList();
    if (known.isEmpty()) {
      return List.of();
    }
    LocalDate first = known.get(0);
    if (startDate.isPresent() && startDate.get().isBefore(first)) {
      first = startDate.get();
    }
    LocalDate last = known.get(known.size() - 1);
    if (first.plusDays(MAX_DAYS).isBefore(last)) {
      first = last.minusDays(MAX_DAYS - 1);
    }
    List<DateCoverage> result = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      result.add(
          state(
              d,
              Optional.ofNullable(byDate.get(d)),
              Optional.ofNullable(published.get(d)),
              runs,
              configHash));
    }
    return result;
  }

  private static DateCoverage state(
      LocalDate date,
      Optional<LandingFolder> folder,
      Optional<Interval> published,
      List<RunRecord> runs,
      String configHash) {
    if (published.isPresent()) {
      return publishedState(date, folder, published.get(), configHash);
    }
    boolean hasFiles = folder.map(f -> !f.isEmpty()).orElse(false);
    Optional<RunRecord> lastTry = runs.stream().filter(r -> read(r, date)).findFirst();
    if (hasFiles
        && lastTry
            .map(
                r ->
                    r.status() == RunStatus.FAILED
                        || r.status() == RunStatus.REJECTED
                        || r.status() == RunStatus.INTERRUPTED)
            .orElse(false)) {
      RunRecord r = lastTry.get();
      return new DateCoverage(
          date,
          CoverageState.FAILED,
          Optional.of(r.runId()),
          "run " + r.runId() + " " + r.status().label() + r.error().map(e -> ": " + e).orElse(""));
    }
    if (hasFiles) {
      return new DateCoverage(
          date,
          CoverageState.NOT_PROCESSED,
          Optional.empty(),
          folder.get().files().size() + " files, never published");
    }
    return new DateCoverage(
        date,
        CoverageState.MISSING,
        Optional.empty(),
        folder.isPresent() ? "folder is empty" : "no folder");
  }

  /** A published date: processed, unless unverified or its files or configuration changed. */
  private static DateCoverage publishedState(
      LocalDate date, Optional<LandingFolder> folder, Interval i, String configHash) {
    Optional<String> run = Optional.of(i.runId());
    if (i.status() == IntervalStatus.UNVERIFIED) {
      return new DateCoverage(
          date,
          CoverageState.UNVERIFIED,
          run,
          "published by "
              + i.runId()
              + ", not verified (reconciliation breached or the run"
              + " was interrupted); the next run reads it again");
    }
    String now = folder.map(LandingFolder::fingerprint).orElse("");
    if (!now.equals(i.fingerprint())) {
      int count = folder.map(f -> f.files().size()).orElse(0);
      return new DateCoverage(
          date,
          CoverageState.STALE,
          run,
          "files changed since " + i.runId() + ": " + i.fileCount() + " then, " + count + " now");
    }
    if (!configHash.equals(i.configHash())) {
      return new DateCoverage(
          date, CoverageState.STALE, run, "configuration changed since " + i.runId());
    }
    return new DateCoverage(
        date,
        CoverageState.PROCESSED,
        run,
        "published by " + i.runId() + " (" + i.fileCount() + " files)");
  }

  /** Whether the run's plan read files of this date. */
  private static boolean read(RunRecord run, LocalDate date) {
    for (FolderPlan f : run.plan()) {
      if (f.folder().date().equals(date) && f.isRead()) {
        return true;
      }
    }
    return false;
  }

  public static List<LocalDate> dates(List<DateCoverage> coverage, CoverageState... states) {
    List<CoverageState> wanted = List.of(states);
    return coverage.stream()
        .filter(c -> wanted.contains(c.state()))
        .map(DateCoverage::date)
        .toList();
  }
}

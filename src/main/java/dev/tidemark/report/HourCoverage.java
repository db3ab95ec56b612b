package dev.tidemark.report;

import dev.tidemark.config.LandingLayout;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.LandingFolder;
import dev.tidemark.plan.PublishedFolder;
import dev.tidemark.plan.SourceFile;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The hours within the landing dates of an hourly layout: which hours of a gap hold files, which
 * hours of a published date hold files it did not publish (never, or changed since), and which
 * hours of a date have no files at all. The ledger records days, so a published date whose files
 * changed is compared with its record file by file; only those records are read.
 */
final class HourCoverage {
  private HourCoverage() {}

  /** The hours, and the calendar with each date's hours in its detail. */
  record Result(LandingHours hours, List<DateCoverage> calendar) {}

  /**
   * @param calendar the dates' states: a stale one's record is compared with its folder by hour
   * @param records the ledger's whole records of the processed dates in a range
   * @param now the current hour: later hours of today are not expected yet
   */
  static Result of(
      LandingLayout layout,
      List<DateCoverage> calendar,
      List<LandingFolder> folders,
      Function<DateRange, List<PublishedFolder>> records,
      LocalDateTime now) {
    if (!layout.hourly()) {
      return new Result(LandingHours.NONE, calendar);
    }
    Map<LocalDate, LandingFolder> byDate =
        folders.stream().collect(Collectors.toMap(LandingFolder::date, f -> f, (a, b) -> a));
    Map<LocalDate, PublishedFolder> changed = staleRecords(calendar, records);
    List<LocalDateTime> gaps = new ArrayList<>();
    List<LocalDateTime> stale = new ArrayList<>();
    List<DateCoverage> detailed = new ArrayList<>();
    for (DateCoverage c : calendar) {
      Map<Integer, Set<SourceFile>> listed =
          byHour(
              layout,
              c.date(),
              byDate.containsKey(c.date()) ? byDate.get(c.date()).files() : List.of());
      TreeSet<Integer> never = new TreeSet<>();
      TreeSet<Integer> since = new TreeSet<>();
      boolean gap = c.state() == CoverageState.NOT_PROCESSED || c.state() == CoverageState.FAILED;
      if (gap) {
        never.addAll(listed.keySet());
      } else if (changed.containsKey(c.date())) {
        Map<Integer, Set<SourceFile>> recorded =
            byHour(layout, c.date(), changed.get(c.date()).files());
        listed.forEach(
            (hour, files) -> {
              if (!recorded.containsKey(hour)) {
                never.add(hour);
              } else if (!recorded.get(hour).containsAll(files)) {
                since.add(hour);
              }
            });
      }
      never.forEach(h -> gaps.add(c.date().atTime(h, 0)));
      since.forEach(h -> stale.add(c.date().atTime(h, 0)));
      detailed.add(withHours(c, listed.keySet(), never, since, now));
    }
    return new Result(new LandingHours(gaps, stale), detailed);
  }

  /**
   * The whole records of the stale dates (their folder no longer matches its fingerprint, or their
   * configuration changed), from one read of the ledger between the first and the last.
   */
  private static Map<LocalDate, PublishedFolder> staleRecords(
      List<DateCoverage> calendar, Function<DateRange, List<PublishedFolder>> records) {
    TreeSet<LocalDate> changed = new TreeSet<>(Coverage.dates(calendar, CoverageState.STALE));
    if (changed.isEmpty()) {
      return Map.of();
    }
    return records.apply(new DateRange(changed.first(), changed.last())).stream()
        .filter(f -> changed.contains(f.date()))
        .collect(Collectors.toMap(PublishedFolder::date, f -> f, (a, b) -> a));
  }

  private static Map<Integer, Set<SourceFile>> byHour(
      LandingLayout layout, LocalDate date, List<SourceFile> files) {
    Map<Integer, Set<SourceFile>> hours = new TreeMap<>();
    for (SourceFile f : files) {
      OptionalInt hour = layout.hourOf(date, f.path());
      if (hour.isPresent()) {
        hours.computeIfAbsent(hour.getAsInt(), h -> new HashSet<>()).add(f);
      }
    }
    return hours;
  }

  private static DateCoverage withHours(
      DateCoverage c,
      Set<Integer> withFiles,
      Set<Integer> never,
      Set<Integer> since,
      LocalDateTime now) {
    List<String> parts = new ArrayList<>();
    if (!never.isEmpty()) {
      parts.add("never published: hours " + hours(never));
    }
    if (!since.isEmpty()) {
      parts.add("new files since published: hours " + hours(since));
    }
    LocalDate today = now.toLocalDate();
    int last = c.date().isAfter(today) ? -1 : c.date().equals(today) ? now.getHour() : 23;
    TreeSet<Integer> empty = new TreeSet<>();
    StringBuilder states = new StringBuilder();
    for (int h = 0; h < 24; h++) {
      if (never.contains(h)) {
        states.append('n');
      } else if (since.contains(h)) {
        states.append('c');
      } else if (withFiles.contains(h)) {
        states.append('p');
      } else if (h <= last) {
        states.append('-');
        empty.add(h);
      } else {
        states.append('.');
      }
    }
    if (!withFiles.isEmpty() && !empty.isEmpty()) {
      parts.add("no files in hours " + hours(empty));
    }
    String detail = String.join("; ", parts);
    return new DateCoverage(
        c.date(),
        c.state(),
        c.runId(),
        detail.isEmpty() ? c.detail() : c.detail().isBlank() ? detail : c.detail() + "; " + detail,
        withFiles.isEmpty() ? "" : states.toString());
  }

  /** Hours as runs of consecutive ones: {@code 07, 09–11}. */
  static String hours(Set<Integer> hours) {
    List<String> spans = new ArrayList<>();
    List<Integer> sorted = new ArrayList<>(new TreeSet<>(hours));
    int i = 0;
    while (i < sorted.size()) {
      int end = i;
      while (end + 1 < sorted.size() && sorted.get(end + 1) == sorted.get(end) + 1) {
        end++;
      }
      spans.add(
          end == i
              ? String.format("%02d", sorted.get(i))
              : String.format("%02d–%02d", sorted.get(i), sorted.get(end)));
      i = end + 1;
    }
    return String.join(", ", spans);
  }
}

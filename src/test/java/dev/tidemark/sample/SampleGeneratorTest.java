package dev.tidemark.sample;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.sample.ParsedSample.RawRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {

  private static final SampleSpec SMALL = new SampleSpec(LocalDate.of(2026, 1, 1), 6, 300, 42, 2);

  /** The status a version may have when the previous version had the key's status. */
  private static final Map<String, Set<String>> ALLOWED_NEXT =
      Map.of(
          "created", Set.of("paid", "cancelled"),
          "paid", Set.of("shipped", "cancelled"),
          "shipped", Set.of("delivered"),
          "delivered", Set.of(),
          "cancelled", Set.of());

  @TempDir Path tmp;

  @Test
  void sameSpecWritesByteIdenticalTrees() throws IOException {
    SampleSummary first = SampleGenerator.write(SMALL, tmp.resolve("a/raw"), tmp.resolve("a/gold"));
    SampleSummary second =
        SampleGenerator.write(SMALL, tmp.resolve("b/raw"), tmp.resolve("b/gold"));

    assertThat(second).isEqualTo(first);
    assertThat(tree(tmp.resolve("b"))).isEqualTo(tree(tmp.resolve("a")));
  }

  @Test
  void differentSeedWritesDifferentData() throws IOException {
    SampleGenerator.write(SMALL, tmp.resolve("a/raw"), tmp.resolve("a/gold"));
    SampleSpec otherSeed = new SampleSpec(SMALL.start(), SMALL.days(), SMALL.rowsPerDay(), 43, 2);
    SampleGenerator.write(otherSeed, tmp.resolve("b/raw"), tmp.resolve("b/gold"));

    Map<String, String> a = tree(tmp.resolve("a"));
    Map<String, String> b = tree(tmp.resolve("b"));
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (String file : a.keySet()) {
      assertThat(b.get(file)).as(file).isNotEqualTo(a.get(file));
    }
  }

  @Test
  void rewritingReplacesOldOutputCompletely() throws IOException {
    Path raw = tmp.resolve("raw");
    Path gold = tmp.resolve("gold");
    SampleGenerator.write(SMALL, raw, gold);
    Files.writeString(raw.resolve("README.txt"), "not ours");
    SampleSpec smaller = new SampleSpec(SMALL.start(), 2, 50, 42, 1);
    SampleGenerator.write(smaller, raw, gold);
    SampleGenerator.write(smaller, tmp.resolve("fresh/raw"), tmp.resolve("fresh/gold"));

    Map<String, String> rewritten = tree(tmp);
    rewritten.keySet().removeIf(file -> file.startsWith("fresh/"));
    Map<String, String> expected = new TreeMap<>();
    tree(tmp.resolve("fresh")).forEach(expected::put);
    expected.put("raw/README.txt", "not ours");
    assertThat(rewritten).isEqualTo(expected);
  }

  @Test
  void extendingTheDaysKeepsEarlierFoldersByteIdentical() throws IOException {
    // A backfill test can add landing days later without the earlier ones changing under it.
    SampleGenerator.write(SMALL, tmp.resolve("short/raw"), tmp.resolve("short/gold"));
    SampleSpec longer = new SampleSpec(SMALL.start(), SMALL.days() + 3, SMALL.rowsPerDay(), 42, 2);
    SampleGenerator.write(longer, tmp.resolve("long/raw"), tmp.resolve("long/gold"));

    Map<String, String> shortRaw = tree(tmp.resolve("short/raw"));
    Map<String, String> longRaw = tree(tmp.resolve("long/raw"));
    assertThat(longRaw).containsAllEntriesOf(shortRaw).hasSizeGreaterThan(shortRaw.size());
  }

  @Test
  void writesOneFolderPerLandingDateWithEvenlySplitPartFiles() throws IOException {
    SampleSpec threeFiles = new SampleSpec(SMALL.start(), SMALL.days(), SMALL.rowsPerDay(), 42, 3);
    ParsedSample sample = write(threeFiles);

    assertThat(sample.landingDates())
        .containsExactlyElementsOf(SMALL.start().datesUntil(SMALL.start().plusDays(6)).toList());
    Map<String, Long> rowsPerFile =
        sample.raw().stream().collect(groupingBy(RawRow::file, TreeMap::new, counting()));
    for (LocalDate landing : sample.landingDates()) {
      List<Long> sizes = new ArrayList<>();
      for (int part = 0; part < 3; part++) {
        String file = "dt=" + landing + "/part-0000" + part + ".json";
        assertThat(tmp.resolve("raw").resolve(file)).exists();
        sizes.add(rowsPerFile.getOrDefault(file, 0L));
      }
      assertThat(Collections.max(sizes) - Collections.min(sizes))
          .as("contiguous chunks of equal size on %s: %s", landing, sizes)
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void warmFoldersHoldAboutRowsPerDay() throws IOException {
    SampleSpec spec = new SampleSpec(SMALL.start(), 20, 1000, 42, 1);
    ParsedSample sample = write(spec);

    Map<LocalDate, Long> perFolder =
        sample.raw().stream().collect(groupingBy(RawRow::landing, TreeMap::new, counting()));
    assertThat(perFolder.get(SMALL.start())).as("the first day is still cold").isLessThan(700);
    perFolder.entrySet().stream()
        .skip(10)
        .forEach(e -> assertThat(e.getValue()).as("rows on %s", e.getKey()).isBetween(900L, 1100L));
  }

  @Test
  void everyRowIsAPlausibleOrderEvent() throws IOException {
    ParsedSample sample = write(SMALL);

    assertThat(sample.raw()).isNotEmpty();
    for (RawRow row : sample.raw()) {
      assertThat(Double.parseDouble(row.amount()))
          .as(row.line())
          .isGreaterThan(0)
          .isLessThan(10_000);
      assertThat(row.eventDate())
          .as("lands no earlier than its event: %s", row.line())
          .isBeforeOrEqualTo(row.landing());
      assertThat(row.orderDate()).as(row.line()).isBeforeOrEqualTo(row.eventDate());
      if (row.version() == 1) {
        assertThat(row.status()).isEqualTo("created");
        assertThat(row.orderDate()).as("order_date is v1's event date").isEqualTo(row.eventDate());
      }
    }
  }

  @Test
  void sameKeyTimestampAndVersionAlwaysMeanTheSameRow() throws IOException {
    ParsedSample sample = write(SMALL);

    Map<String, Set<String>> linesBySequence =
        sample.raw().stream()
            .collect(
                groupingBy(
                    row -> row.orderId() + "|" + row.updatedAt() + "|" + row.version(),
                    mapping(RawRow::line, toSet())));
    assertThat(linesBySequence.values()).allSatisfy(lines -> assertThat(lines).hasSize(1));
    // Stronger still: a version is one event, so the key and version alone fix the row.
    Map<String, Set<String>> linesByVersion =
        sample.raw().stream()
            .collect(
                groupingBy(
                    row -> row.orderId() + "|" + row.version(), mapping(RawRow::line, toSet())));
    assertThat(linesByVersion.values()).allSatisfy(lines -> assertThat(lines).hasSize(1));
  }

  @Test
  void orderFactsNeverChangeAndVersionsFollowUpdatedAt() throws IOException {
    ParsedSample sample = write(SMALL);

    Map<String, List<RawRow>> byKey = byKey(sample.raw());
    for (List<RawRow> rows : byKey.values()) {
      assertThat(rows.stream().map(RawRow::orderDate).distinct()).hasSize(1);
      assertThat(rows.stream().map(RawRow::customerId).distinct()).hasSize(1);
      assertThat(rows.stream().map(RawRow::currency).distinct()).hasSize(1);
      List<RawRow> byVersion =
          rows.stream().sorted(Comparator.comparingInt(RawRow::version)).toList();
      for (int i = 1; i < byVersion.size(); i++) {
        RawRow older = byVersion.get(i - 1);
        RawRow newer = byVersion.get(i);
        assertThat(newer.updatedAt())
            .as("%s after %s", newer.line(), older.line())
            .isGreaterThanOrEqualTo(older.updatedAt());
        if (newer.version() == older.version() + 1) {
          assertThat(ALLOWED_NEXT.get(older.status()))
              .as("%s -> %s", older.line(), newer.line())
              .contains(newer.status());
        }
      }
    }
  }

  @Test
  void everyFeedQuirkIsPresentAndTheSummaryCountsMatchTheFiles() throws IOException {
    SampleSummary summary = SampleGenerator.write(SMALL, tmp.resolve("raw"), tmp.resolve("gold"));
    ParsedSample sample = ParsedSample.read(tmp.resolve("raw"), tmp.resolve("gold"));
    SampleSummary recounted = recount(sample);

    assertThat(summary).isEqualTo(recounted);
    // 1. the same key several times in one landing folder
    assertThat(summary.sameDayMultiVersionKeys()).isPositive();
    // 2. updates of a key in later folders
    assertThat(summary.laterDayUpdates()).isPositive();
    // 3. late arrivals, about 1-3% of versions
    long versions =
        sample.raw().stream().map(r -> r.orderId() + "|" + r.version()).distinct().count();
    assertThat(summary.lateArrivals()).isBetween(versions / 200, versions * 4 / 100);
    // 4. an older version arriving after a newer one, about 1% (plus late arrivals that are stale)
    assertThat(summary.staleRedeliveries()).isBetween(versions / 400, versions * 4 / 100);
    // 5. equal updated_at told apart by version, about 5% of orders
    assertThat(summary.equalTimestampPairs())
        .isBetween(summary.distinctKeys() / 50, summary.distinctKeys() / 10);
    // 6. exact duplicates, both within one folder (not next to each other) and across folders
    assertThat(summary.exactDuplicates()).isBetween(versions / 100, versions * 5 / 100);
    Map<String, List<RawRow>> copies =
        sample.raw().stream().collect(groupingBy(RawRow::line, TreeMap::new, toList()));
    assertThat(copies.values())
        .anySatisfy(
            rows -> {
              assertThat(rows).hasSizeGreaterThan(1);
              assertThat(rows.get(0).landing()).isEqualTo(rows.get(1).landing());
              assertThat(
                      rows.get(0).file().equals(rows.get(1).file())
                          && rows.get(1).lineNo() == rows.get(0).lineNo() + 1)
                  .as("adjacent")
                  .isFalse();
            });
    assertThat(copies.values())
        .anySatisfy(
            rows -> {
              assertThat(rows).hasSizeGreaterThan(1);
              assertThat(rows.get(0).landing()).isNotEqualTo(rows.get(rows.size() - 1).landing());
            });
    assertThat(summary.describe())
        .contains(String.format(Locale.ROOT, "raw: %,d rows", summary.rawRows()))
        .contains("2026-01-01 .. 2026-01-06");
  }

  @Test
  void rowsOfAFolderAreShuffledNotGroupedByKey() throws IOException {
    ParsedSample sample = write(SMALL);

    List<RawRow> lastFolder =
        sample.raw().stream().filter(row -> row.landing().equals(SMALL.lastLandingDate())).toList();
    List<String> ids = lastFolder.stream().map(RawRow::orderId).toList();
    assertThat(ids).isNotEqualTo(ids.stream().sorted().toList());
    // Some key with several rows in the folder has them apart, not in one block.
    Map<String, List<Integer>> positions = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      positions.computeIfAbsent(ids.get(i), id -> new ArrayList<>()).add(i);
    }
    assertThat(positions.values())
        .anySatisfy(at -> assertThat(at.size() > 1 && at.get(1) - at.get(0) > 1).isTrue());
  }

  /** Recomputes every summary count from the files alone, by the definitions in SampleSummary. */
  static SampleSummary recount(ParsedSample sample) {
    List<RawRow> raw = sample.raw();
    Map<String, List<RawRow>> byKey = byKey(raw);
    long sameDayMultiVersion =
        raw.stream()
            .collect(
                groupingBy(r -> r.landing() + "|" + r.orderId(), mapping(RawRow::version, toSet())))
            .values()
            .stream()
            .filter(versions -> versions.size() > 1)
            .count();
    long lateArrivals =
        raw.stream()
            .collect(groupingBy(r -> r.orderId() + "|" + r.version(), toList()))
            .values()
            .stream()
            .filter(
                copies ->
                    copies.stream()
                        .map(RawRow::landing)
                        .min(Comparator.naturalOrder())
                        .get()
                        .isAfter(copies.get(0).eventDate()))
            .count();
    long stale =
        raw.stream()
            .filter(
                row ->
                    byKey.get(row.orderId()).stream()
                        .anyMatch(
                            other ->
                                other.newerThan(row) && other.landing().isBefore(row.landing())))
            .count();
    long duplicates = raw.size() - raw.stream().map(RawRow::line).distinct().count();
    long equalPairs = 0;
    for (List<RawRow> rows : byKey.values()) {
      Map<String, Set<Integer>> versionsByTime =
          rows.stream().collect(groupingBy(RawRow::updatedAt, mapping(RawRow::version, toSet())));
      for (Set<Integer> versions : versionsByTime.values()) {
        equalPairs += (long) versions.size() * (versions.size() - 1) / 2;
      }
    }
    Map<String, LocalDate> firstGolden = new HashMap<>();
    for (ParsedSample.GoldenRow row : sample.golden()) {
      firstGolden.merge(row.orderId(), row.validFrom(), (a, b) -> a.isBefore(b) ? a : b);
    }
    long laterDayUpdates =
        sample.golden().stream()
            .filter(row -> row.validFrom().isAfter(firstGolden.get(row.orderId())))
            .count();
    return new SampleSummary(
        raw.size(),
        byKey.size(),
        sample.golden().size(),
        sameDayMultiVersion,
        laterDayUpdates,
        lateArrivals,
        stale,
        duplicates,
        equalPairs,
        sample.landingDates().get(0),
        sample.landingDates().get(sample.landingDates().size() - 1));
  }

  static Map<String, List<RawRow>> byKey(List<RawRow> raw) {
    return raw.stream().collect(groupingBy(RawRow::orderId, TreeMap::new, toList()));
  }

  private ParsedSample write(SampleSpec spec) throws IOException {
    SampleGenerator.write(spec, tmp.resolve("raw"), tmp.resolve("gold"));
    return ParsedSample.read(tmp.resolve("raw"), tmp.resolve("gold"));
  }

  /** Relative path → content of every file under {@code root}, sorted by path. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(path).toString(), Files.readString(path));
      }
    }
    return files;
  }
}

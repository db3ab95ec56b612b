package dev.tidemark.sample;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.sample.ParsedSample.GoldenRow;
import dev.tidemark.sample.ParsedSample.RawRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the golden rows against a brute-force replay of the raw files. */
class SampleGeneratorGoldenTest {

  @TempDir Path tmp;

  static Stream<SampleSpec> specs() {
    LocalDate start = LocalDate.of(2026, 1, 1);
    return Stream.of(
        new SampleSpec(start, 6, 300, 42, 2),
        new SampleSpec(start, 14, 400, 7, 3),
        new SampleSpec(LocalDate.of(2024, 2, 27), 4, 60, -1, 1), // crosses a leap day
        new SampleSpec(start, 1, 1, 0, 4));
  }

  @ParameterizedTest
  @MethodSource("specs")
  void goldenIsTheNewestDeliveredStateAsOfEveryLandingDate(SampleSpec spec) throws IOException {
    SampleSummary summary = SampleGenerator.write(spec, tmp.resolve("raw"), tmp.resolve("gold"));
    ParsedSample sample = ParsedSample.read(tmp.resolve("raw"), tmp.resolve("gold"));
    assertThat(summary).isEqualTo(SampleGeneratorTest.recount(sample));
    List<LocalDate> landingDates = sample.landingDates();

    // Brute force: for every key and landing date, the newest version landed so far.
    Map<String, String> expected = new TreeMap<>();
    for (Map.Entry<String, List<RawRow>> key : SampleGeneratorTest.byKey(sample.raw()).entrySet()) {
      for (LocalDate asOf : landingDates) {
        key.getValue().stream()
            .filter(row -> !row.landing().isAfter(asOf))
            .reduce((a, b) -> b.newerThan(a) ? b : a)
            .ifPresent(newest -> expected.put(key.getKey() + " as of " + asOf, newest.state()));
      }
    }
    // The golden rows expanded over their validity ranges; a second row for a date is an overlap.
    Map<String, String> actual = new TreeMap<>();
    LocalDate end = spec.lastLandingDate().plusDays(1);
    for (GoldenRow row : sample.golden()) {
      LocalDate to = row.validTo() == null ? end : row.validTo();
      assertThat(row.validFrom()).as(row.line()).isBefore(to);
      for (LocalDate asOf : row.validFrom().datesUntil(to).toList()) {
        String previous = actual.put(row.orderId() + " as of " + asOf, row.state());
        assertThat(previous).as("overlapping golden rows at %s: %s", asOf, row.line()).isNull();
      }
    }

    assertThat(actual).isEqualTo(expected);
    assertThat(sample.golden()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("specs")
  void eachKeyHasAChainOfGoldenRowsThatChangeStateAndEndOpen(SampleSpec spec) throws IOException {
    ParsedSample sample = write(spec);

    Map<String, List<GoldenRow>> byKey =
        sample.golden().stream().collect(groupingBy(GoldenRow::orderId, TreeMap::new, toList()));
    assertThat(byKey.keySet()).isEqualTo(SampleGeneratorTest.byKey(sample.raw()).keySet());
    for (List<GoldenRow> rows : byKey.values()) {
      List<GoldenRow> chain =
          rows.stream().sorted(Comparator.comparing(GoldenRow::validFrom)).toList();
      assertThat(chain).filteredOn(row -> row.validTo() == null).hasSize(1);
      assertThat(chain.get(chain.size() - 1).validTo()).isNull();
      for (int i = 1; i < chain.size(); i++) {
        GoldenRow before = chain.get(i - 1);
        GoldenRow after = chain.get(i);
        assertThat(before.validTo())
            .as("no gap or overlap: %s", after.line())
            .isEqualTo(after.validFrom());
        assertThat(after.state()).as("a new row only for a new state").isNotEqualTo(before.state());
      }
      // One key's rows are written together, oldest first.
      assertThat(rows).isEqualTo(chain);
      assertThat(sample.landingDates()).contains(chain.get(0).validFrom());
    }
  }

  private ParsedSample write(SampleSpec spec) throws IOException {
    SampleGenerator.write(spec, tmp.resolve("raw"), tmp.resolve("gold"));
    return ParsedSample.read(tmp.resolve("raw"), tmp.resolve("gold"));
  }
}

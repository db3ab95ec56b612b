package dev.tidemark.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.config.LandingLayout;
import dev.tidemark.control.Interval;
import dev.tidemark.control.IntervalStatus;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.LandingFolder;
import dev.tidemark.plan.PublishedFolder;
import dev.tidemark.plan.SourceFile;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 35: status and the report of an hourly layout show hours within the days: the hours of a
 * gap, the hours of a published day that were never published or got new files since, and hours
 * with no files at all. Only the records of days whose folder changed are read.
 */
class HourCoverageTest {
  private static final LandingLayout LAYOUT = LandingLayout.parse("dt={date}/hr={HH}");
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final String HASH = "config";

  private static SourceFile file(LocalDate date, int hour, String name) {
    return new SourceFile(
        String.format("file:/raw/orders/dt=%s/hr=%02d/%s", date, hour, name), 10, 1_000);
  }

  private static List<SourceFile> hours(LocalDate date, IntStream hours) {
    return hours.mapToObj(h -> file(date, h, "part-0.json")).toList();
  }

  private static LandingFolder folder(LocalDate date, List<SourceFile> files) {
    return new LandingFolder(date, "file:/raw/orders/dt=" + date, files);
  }

  private static Interval published(LocalDate date, List<SourceFile> files) {
    return new Interval(
        "orders",
        date,
        IntervalStatus.PROCESSED,
        folder(date, files).fingerprint(),
        files,
        HASH,
        "r-" + date,
        Instant.EPOCH,
        Map.of());
  }

  @Test
  void gapAndStaleDatesAreShownByTheirHoursAndAnHourWithoutFilesIsNamed() {
    // D1: published whole; hour 07 never had files.
    List<SourceFile> d1 = hours(D1, IntStream.range(0, 24).filter(h -> h != 7));
    // D2: hours 00-05 published; since then a new file in hour 03 and hours 06-08 landed.
    List<SourceFile> d2Published = hours(D2, IntStream.range(0, 6));
    List<SourceFile> d2Now = new ArrayList<>(d2Published);
    d2Now.add(file(D2, 3, "late.json"));
    d2Now.addAll(hours(D2, IntStream.range(6, 9)));
    // D3, today: hours 00 and 01, never published; it is 02:40 now.
    List<SourceFile> d3 = hours(D3, IntStream.range(0, 2));
    List<LandingFolder> folders = List.of(folder(D1, d1), folder(D2, d2Now), folder(D3, d3));
    List<Interval> ledger = List.of(published(D1, d1), published(D2, d2Published));
    List<DateRange> asked = new ArrayList<>();

    HourCoverage.Result result =
        HourCoverage.of(
            LAYOUT,
            Coverage.of(Optional.of(D1), folders, summaries(ledger), List.of(), HASH),
            folders,
            range -> {
              asked.add(range);
              return List.of(new PublishedFolder(D2, "fp", d2Published, HASH, "r-" + D2, Map.of()));
            },
            D3.atTime(2, 40));

    assertThat(asked)
        .as("only the changed day's record is read")
        .containsExactly(new DateRange(D2, D2));
    assertThat(LandingHours.spans(result.hours().gaps()))
        .containsExactly("2026-01-02T06..2026-01-02T08", "2026-01-03T00..2026-01-03T01");
    assertThat(LandingHours.spans(result.hours().stale())).containsExactly("2026-01-02T03");
    assertThat(result.calendar())
        .extracting(DateCoverage::hours)
        .containsExactly(
            "ppppppp-pppppppppppppppp", "pppcppnnn---------------", "nn-.....................");
    assertThat(result.calendar())
        .extracting(DateCoverage::detail)
        .containsExactly(
            "published by r-2026-01-01 (23 files); no files in hours 07",
            "files changed since r-2026-01-02: 6 then, 10 now; never published: hours 06–08; new"
                + " files since published: hours 03; no files in hours 09–23",
            "2 files, never published; never published: hours 00–01; no files in hours 02");
  }

  @Test
  void aDailyLayoutHasNoHours() {
    LandingLayout daily = LandingLayout.parse("dt={date}");
    List<LandingFolder> folders = List.of(folder(D1, hours(D1, IntStream.of(1))));
    List<DateCoverage> calendar =
        Coverage.of(Optional.empty(), folders, List.of(), List.of(), HASH);

    HourCoverage.Result result =
        HourCoverage.of(daily, calendar, folders, r -> List.of(), LocalDateTime.MAX);

    assertThat(result.hours()).isEqualTo(LandingHours.NONE);
    assertThat(result.calendar()).isEqualTo(calendar);
  }

  /** The ledger as status reads it: counts of files, not their names. */
  private static List<Interval> summaries(List<Interval> ledger) {
    return ledger.stream()
        .map(
            i ->
                new Interval(
                    i.pipeline(),
                    i.landingDate(),
                    i.status(),
                    i.fingerprint(),
                    List.of(),
                    i.configHash(),
                    i.runId(),
                    i.processedAt(),
                    Map.of(),
                    i.files().size()))
        .toList();
  }
}

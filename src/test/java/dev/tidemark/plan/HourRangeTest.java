package dev.tidemark.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.config.BatchLimits;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 35: the hour as a landing unit in an hourly layout, no Spark. A backfill of a range of
 * hours reads only those hours' files, and the ledger's record of the day keeps what was published
 * before but never a file no run read; an incremental run starts at the watermark's hour minus the
 * lookback and ends at the current hour.
 */
class HourRangeTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);

  @TempDir Path dir;

  private TidemarkConfig hourly(String extra) throws IOException {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  source.layout = \"dt={date}/hr={HH}\"\n" + extra);
    for (int hour : new int[] {5, 6, 7, 8}) {
      file(ws, String.format("dt=%s/hr=%02d/part-0.json", D1, hour));
    }
    file(ws, "dt=" + D1 + "/stray.json"); // in no hour: read with whole days only
    file(ws, "dt=" + D2 + "/hr=01/part-0.json");
    return ws.config();
  }

  private static void file(Workspace ws, String path) throws IOException {
    Path file = ws.raw.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{}\n");
  }

  private static PlanStep step(
      TidemarkConfig config, MutableClock clock, List<PublishedFolder> ledger) {
    return new PlanStep(
        config.pipeline(),
        config.configHash(),
        new Planner(clock, new FolderLister(new Configuration())),
        new PlanStep.Published() {
          @Override
          public List<PublishedFolder> processed(String pipeline, Optional<DateRange> within) {
            return ledger.stream()
                .filter(f -> within.map(r -> r.contains(f.date())).orElse(true))
                .toList();
          }

          @Override
          public Map<LocalDate, String> fingerprintsBefore(String pipeline, LocalDate date) {
            return Map.of();
          }
        },
        () -> true);
  }

  /** D1 as a run published it: the files of hours 05 and 06 only. */
  private static PublishedFolder hours5And6(TidemarkConfig config) {
    LandingFolder all =
        new FolderLister(new Configuration())
            .list(
                config.pipeline().source().path(),
                config.pipeline().source().layout(),
                new DateRange(D1, D1))
            .get(0);
    List<SourceFile> published =
        all.files().stream()
            .filter(f -> f.path().contains("/hr=05/") || f.path().contains("/hr=06/"))
            .toList();
    return new PublishedFolder(
        D1, LandingFolder.fingerprint(published), published, config.configHash());
  }

  private static List<String> names(List<SourceFile> files) {
    return files.stream().map(f -> f.path().replaceAll(".*/(dt=[^/]+/)", "$1")).toList();
  }

  @Test
  void aBackfillOfHoursReadsThoseHoursAndTheLedgerKeepsNoFileNoRunRead() throws IOException {
    TidemarkConfig config = hourly("");
    List<PublishedFolder> ledger = List.of(hours5And6(config));
    DateRange hours =
        DateRange.ofHours(D1.atTime(6, 0), D1.atTime(7, 0)); // --from 2026-01-01T06 --to ...T07
    MutableClock clock = MutableClock.at(D2);

    RunPlan forced =
        step(config, clock, ledger)
            .plan(new PlanStep.Input(Optional.of(hours), true, Optional.empty()));
    RunPlan backfill =
        step(config, clock, ledger)
            .plan(new PlanStep.Input(Optional.of(hours), false, Optional.empty()));

    assertThat(forced.range()).hasToString("2026-01-01T06 .. 2026-01-01T07");
    assertThat(names(forced.filesToRead()))
        .containsExactly("dt=2026-01-01/hr=06/part-0.json", "dt=2026-01-01/hr=07/part-0.json");
    // A backfill reads what the ledger has not seen: hour 06 was published.
    assertThat(names(backfill.filesToRead())).containsExactly("dt=2026-01-01/hr=07/part-0.json");
    // What the ledger then records of the day: hour 05 as published before, 06 and 07 as read
    // now; not hour 08 nor the file in no hour, which no run read: a later run finds them new.
    for (RunPlan plan : List.of(forced, backfill)) {
      assertThat(names(plan.presentFolders().get(0).files()))
          .containsExactly(
              "dt=2026-01-01/hr=05/part-0.json",
              "dt=2026-01-01/hr=06/part-0.json",
              "dt=2026-01-01/hr=07/part-0.json");
    }
  }

  @Test
  void aBackfillFromAnHourThroughADateReadsTheLaterDaysWhole() throws IOException {
    TidemarkConfig config = hourly("");
    DateRange range = new DateRange(D1, D2, 8, 23); // --from 2026-01-01T08 --to 2026-01-02

    RunPlan plan =
        step(config, MutableClock.at(D2.plusDays(1)), List.of())
            .plan(new PlanStep.Input(Optional.of(range), false, Optional.empty()));

    assertThat(names(plan.filesToRead()))
        .containsExactly("dt=2026-01-01/hr=08/part-0.json", "dt=2026-01-02/hr=01/part-0.json");
    assertThat(Batches.of(range, Map.of(), new BatchLimits(1, Long.MAX_VALUE)))
        .as("a backfill in batches keeps its first hour in its first batch")
        .containsExactly(new DateRange(D1, D1, 8, 23), new DateRange(D2, D2));
  }

  @Test
  void anIncrementalRunStartsAtTheWatermarksHourMinusTheLookbackAndReadsEveryNewFile()
      throws IOException {
    TidemarkConfig config = hourly("  lookback = 6h\n");
    MutableClock clock = new MutableClock(D2.atTime(3, 25).toInstant(java.time.ZoneOffset.UTC));

    RunPlan plan =
        step(config, clock, List.of(hours5And6(config)))
            .plan(
                new PlanStep.Input(
                    Optional.empty(), false, Optional.of(D1), Optional.of(7), Optional.empty()));

    // 2026-01-01T07 minus 6 hours, through the current hour.
    assertThat(plan.range()).isEqualTo(DateRange.ofHours(D1.atTime(1, 0), D2.atTime(3, 0)));
    // Files are found new by the ledger, not by their hour: every one not published is read.
    assertThat(names(plan.filesToRead()))
        .containsExactly(
            "dt=2026-01-01/hr=07/part-0.json",
            "dt=2026-01-01/hr=08/part-0.json",
            "dt=2026-01-01/stray.json",
            "dt=2026-01-02/hr=01/part-0.json");
    assertThat(
            new Planner(clock, new FolderLister(new Configuration()))
                .resolve(config.pipeline(), Optional.empty(), Optional.empty(), Optional.empty()))
        .as("no watermark yet: from the start date")
        .contains(
            DateRange.ofHours(
                D1.atStartOfDay(), LocalDateTime.of(D2, java.time.LocalTime.of(3, 0))));
  }

  @Test
  void hoursAreRefusedWhereThereAreNoHourFoldersOrTheFolderIsOneState() throws IOException {
    TidemarkConfig snapshot = hourly("  source.mode = snapshot\n");
    DateRange hours = DateRange.ofHours(D1.atTime(6, 0), D1.atTime(7, 0));
    assertThatThrownBy(
            () ->
                step(snapshot, MutableClock.at(D2), List.of())
                    .plan(new PlanStep.Input(Optional.of(hours), false, Optional.empty())))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("a snapshot source's landing folder is one state, read whole");
    Workspace ws = Workspace.create(dir.resolve("daily"), false);
    TidemarkConfig daily = ws.config();

    assertThatThrownBy(
            () ->
                step(daily, MutableClock.at(D2), List.of())
                    .plan(new PlanStep.Input(Optional.of(hours), false, Optional.empty())))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "Cannot plan the range 2026-01-01T06 .. 2026-01-01T07 of 'orders': its layout"
                + " dt=YYYY-MM-DD has no hour folders. Give --from and --to as landing dates"
                + " (YYYY-MM-DD)");
    assertThatThrownBy(() -> new DateRange(D1, D1, 7, 6))
        .hasMessage("Cannot use the range 2026-01-01T07 .. 2026-01-01T06: --from is after --to");
  }
}

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
    return step(config, clock, ledger, new Configuration());
  }

  private static PlanStep step(
      TidemarkConfig config,
      MutableClock clock,
      List<PublishedFolder> ledger,
      Configuration hadoop) {
    return new PlanStep(
        config.pipeline(),
        config.configHash(),
        new Planner(clock, new FolderLister(hadoop)),
        new PlanStep.Published() {
          @Override
          public List<PublishedFolder> processed(String pipeline, Optional<DateRange> within) {
            return ledger.stream()
                .filter(f -> within.map(r -> r.contains(f.date())).orElse(true))
                .toList();
          }

          @Override
          public Map<LocalDate, String> fingerprintsBefore(String pipeline, LocalDate date) {
            return ledger.stream()
                .filter(f -> f.date().isBefore(date))
                .collect(
                    java.util.stream.Collectors.toMap(
                        PublishedFolder::date, PublishedFolder::fingerprint));
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
                    Optional.empty(),
                    false,
                    Optional.of(D1),
                    Optional.of(7),
                    Optional.empty(),
                    Optional.empty()));

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

  /**
   * A local file system that counts its list calls, whatever the disk. Not PlannerTest's
   * ListingRecorder: that replaces file: and records into a list other classes, run beside this
   * one, add to as well; this one counts only what this class's countfs: paths list.
   */
  public static final class CountingFileSystem extends org.apache.hadoop.fs.RawLocalFileSystem {
    static final java.util.concurrent.atomic.AtomicLong LISTS =
        new java.util.concurrent.atomic.AtomicLong();

    @Override
    public java.net.URI getUri() {
      return java.net.URI.create("countfs:///");
    }

    @Override
    public String getScheme() {
      return "countfs";
    }

    @Override
    public org.apache.hadoop.fs.FileStatus[] listStatus(org.apache.hadoop.fs.Path f)
        throws IOException {
      LISTS.incrementAndGet();
      return super.listStatus(f);
    }
  }

  /**
   * The list calls of a one-hour incremental run (lookback 1h) on {@code days} days of hourly
   * folders, every one published, the last search of every folder {@code searchedAgo} ago.
   */
  private Listed listCalls(int days, String extra, Optional<java.time.Duration> searchedAgo)
      throws IOException {
    Path root =
        dir.resolve("history-" + days + "-" + extra.hashCode() + "-" + searchedAgo.isPresent());
    Workspace ws = Workspace.create(root, false);
    LocalDate last = D1.plusDays(days - 1);
    for (LocalDate d = D1; !d.isAfter(last); d = d.plusDays(1)) {
      for (int h = 0; h < 24; h++) {
        file(ws, String.format("dt=%s/hr=%02d/part-0.json", d, h));
      }
    }
    ws.writePipeline(
        false,
        "  source { layout = \"dt={date}/hr={HH}\", path = \"countfs://"
            + ws.raw
            + "\" }\n  lookback = 1h\n"
            + extra);
    TidemarkConfig config = ws.config();
    Configuration hadoop = new Configuration();
    hadoop.set("fs.countfs.impl", CountingFileSystem.class.getName());
    hadoop.setBoolean("fs.countfs.impl.disable.cache", true);
    FolderLister lister = new FolderLister(hadoop);
    List<PublishedFolder> ledger = new java.util.ArrayList<>();
    for (LandingFolder f :
        lister.list(
            config.pipeline().source().path(),
            config.pipeline().source().layout(),
            new DateRange(D1, last))) {
      ledger.add(new PublishedFolder(f.date(), f.fingerprint(), f.files(), config.configHash()));
    }
    MutableClock clock = new MutableClock(last.atTime(10, 30).toInstant(java.time.ZoneOffset.UTC));
    Optional<java.time.Instant> lastSearch = searchedAgo.map(ago -> clock.instant().minus(ago));
    CountingFileSystem.LISTS.set(0);
    RunPlan plan =
        step(config, clock, ledger, hadoop)
            .plan(
                new PlanStep.Input(
                    Optional.empty(),
                    false,
                    Optional.of(last),
                    Optional.of(9),
                    Optional.empty(),
                    lastSearch));
    assertThat(plan.filesToRead()).as("everything is published").isEmpty();
    return new Listed(CountingFileSystem.LISTS.get(), plan);
  }

  private record Listed(long calls, RunPlan plan) {}

  @Test
  void aOneHourIncrementalRunListsTheDaysOfItsRangeWhenTheLateFileSearchIsNotDue()
      throws IOException {
    String daily = "  late-files.search-every = 24h\n";
    java.time.Duration hourAgo = java.time.Duration.ofHours(1);

    // The shipped default searches every published folder: the calls grow with the history.
    long tenDays = listCalls(10, "", Optional.empty()).calls();
    long fortyDays = listCalls(40, "", Optional.empty()).calls();
    assertThat(fortyDays - tenDays).isGreaterThanOrEqualTo(30 * 25);

    // Searched an hour ago, once a day: the run lists its own day's folder and hours, and the
    // folders above them, however long the history.
    long tenDaysBounded = listCalls(10, daily, Optional.of(hourAgo)).calls();
    Listed bounded = listCalls(40, daily, Optional.of(hourAgo));
    long fortyDaysBounded = bounded.calls();
    assertThat(fortyDaysBounded).isEqualTo(tenDaysBounded).isLessThanOrEqualTo(30);
    assertThat(PlanStep.describe(bounded.plan()))
        .contains(
            "late files: older folders not searched this run (late-files.search-every), next"
                + " search after 2026-02-10T09:30:");
    assertThat(bounded.plan().lateFiles().searchedAt()).isEmpty();

    // A day later the search is due again, and this run does it.
    Listed due = listCalls(40, daily, Optional.of(java.time.Duration.ofHours(25)));
    assertThat(due.calls()).isEqualTo(fortyDays);
    assertThat(due.plan().lateFiles().searchedAt()).isPresent();
    System.out.printf(
        "list calls of a one-hour incremental run: 10 days %d, 40 days %d; searched once a day:"
            + " %d, %d%n",
        tenDays, fortyDays, tenDaysBounded, fortyDaysBounded);
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

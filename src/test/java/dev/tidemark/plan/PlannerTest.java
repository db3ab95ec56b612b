package dev.tidemark.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tidemark.config.LandingLayout;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan stage: the range a run covers, and what it reads in each folder of it. */
class PlannerTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);

  @TempDir Path dir;

  /** The local filesystem, remembering every folder it was asked to list. */
  public static final class ListingRecorder extends LocalFileSystem {
    static final List<String> LISTED = Collections.synchronizedList(new ArrayList<>());

    @Override
    public FileStatus[] listStatus(org.apache.hadoop.fs.Path f) throws IOException {
      LISTED.add(f.toUri().getPath());
      return super.listStatus(f);
    }

    @Override
    public RemoteIterator<LocatedFileStatus> listLocatedStatus(org.apache.hadoop.fs.Path f)
        throws IOException {
      LISTED.add(f.toUri().getPath());
      return super.listLocatedStatus(f);
    }
  }

  private static Planner planner(MutableClock clock) {
    return new Planner(clock, new FolderLister(new Configuration()));
  }

  @Test
  void aBackfillCoversExactlyItsRange() {
    PipelineConfig p = Workspace.create(dir).config().pipeline();
    DateRange range = new DateRange(JAN_1, JAN_1.plusDays(4));
    assertThat(
            planner(MutableClock.at(JAN_1))
                .resolve(p, Optional.of(range), Optional.of(JAN_1.plusDays(20))))
        .contains(range);
  }

  @Test
  void anIncrementalRunStartsAtTheWatermarkMinusTheLookbackAndEndsToday() {
    PipelineConfig p =
        Workspace.create(dir).config().pipeline(); // default lookback 3, start 2026-01-01
    MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 20));
    assertThat(planner(clock).resolve(p, Optional.empty(), Optional.of(LocalDate.of(2026, 1, 15))))
        .contains(new DateRange(LocalDate.of(2026, 1, 12), LocalDate.of(2026, 1, 20)));
    // Never before the start date, and from the start date when there is no watermark yet.
    assertThat(planner(clock).resolve(p, Optional.empty(), Optional.of(JAN_1)))
        .contains(new DateRange(JAN_1, LocalDate.of(2026, 1, 20)));
    assertThat(planner(clock).resolve(p, Optional.empty(), Optional.empty()))
        .contains(new DateRange(JAN_1, LocalDate.of(2026, 1, 20)));
    // A watermark ahead of the clock leaves nothing to do.
    assertThat(planner(clock).resolve(p, Optional.empty(), Optional.of(LocalDate.of(2026, 3, 1))))
        .isEmpty();
  }

  @Test
  void anIncrementalRunWithoutWatermarkOrStartDateIsAUsageError() {
    Workspace ws = Workspace.create(dir);
    ws.writePipeline(false, "start-date = \"\"");
    PipelineConfig p = ws.config().pipeline();
    assertThatThrownBy(
            () -> planner(MutableClock.at(JAN_1)).resolve(p, Optional.empty(), Optional.empty()))
        .isInstanceOf(PlanException.class)
        .hasMessageContainingAll("no landing watermark", "pipeline.start-date", "--from and --to");
  }

  @Test
  void onlyTheFoldersInRangeAreListed() throws IOException {
    Workspace ws = Workspace.create(dir);
    for (int day = 0; day < 10; day++) {
      ws.writeRaw(JAN_1.plusDays(day), "part-0.json", "{}");
    }
    Files.writeString(ws.raw.resolve("dt=2026-01-04/_SUCCESS"), "");
    Files.createDirectories(ws.raw.resolve("dt=2026-01-04/.hidden"));
    Files.writeString(ws.raw.resolve("dt=2026-01-04/.hidden/x.json"), "{}");
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", ListingRecorder.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    ListingRecorder.LISTED.clear();

    List<LandingFolder> folders =
        new FolderLister(conf)
            .list(
                "file://" + ws.raw,
                LandingLayout.flat("dt="),
                new DateRange(JAN_1.plusDays(3), JAN_1.plusDays(5)));

    assertThat(folders)
        .extracting(LandingFolder::date)
        .containsExactly(JAN_1.plusDays(3), JAN_1.plusDays(4), JAN_1.plusDays(5));
    assertThat(folders.get(0).files()).hasSize(1);
    assertThat(folders.get(0).files().get(0).path()).endsWith("dt=2026-01-04/part-0.json");
    // The root's own listing gives folder names only (to find misnamed folders such as
    // dt=2026-1-5); no folder outside the range is opened.
    String root = new org.apache.hadoop.fs.Path("file://" + ws.raw).toUri().getPath();
    assertThat(ListingRecorder.LISTED).containsOnlyOnce(root);
    assertThat(ListingRecorder.LISTED)
        .filteredOn(listed -> !listed.equals(root))
        .isNotEmpty()
        .allSatisfy(
            listed ->
                assertThat(listed)
                    .containsAnyOf("dt=2026-01-04", "dt=2026-01-05", "dt=2026-01-06"));
  }

  @Test
  void anHourlyLayoutListsTheFoldersAboveItsDayAndTheDayNeverAnotherDay() throws IOException {
    // Kafka Connect's S3 sink: 60 days of 24 hour folders, 1,440 in all, and a day to read.
    LandingLayout layout = LandingLayout.parse("year={yyyy}/month={MM}/day={dd}/hour={HH}");
    Path raw = dir.resolve("topics/orders");
    for (LocalDate day = JAN_1; day.isBefore(JAN_1.plusDays(60)); day = day.plusDays(1)) {
      for (int hour = 0; hour < 24; hour++) {
        Path file =
            raw.resolve(layout.dayFolder(day))
                .resolve(layout.hourFolder(hour).orElseThrow())
                .resolve("orders+0+0000000" + hour + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{}\n");
      }
    }
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", ListingRecorder.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    ListingRecorder.LISTED.clear();
    LocalDate day = LocalDate.of(2026, 2, 10);

    List<LandingFolder> folders =
        new FolderLister(conf).list("file://" + raw, layout, new DateRange(day, day));

    assertThat(folders).singleElement().satisfies(f -> assertThat(f.files()).hasSize(24));
    String root = raw.toString();
    String month = root + "/year=2026/month=02";
    // The root, the year and the month (to find misnamed folders), then the day and its hours.
    assertThat(ListingRecorder.LISTED)
        .filteredOn(listed -> !listed.startsWith(month + "/day=10"))
        .containsExactlyInAnyOrder(root, root + "/year=2026", month);
    assertThat(ListingRecorder.LISTED)
        .filteredOn(listed -> listed.startsWith(month + "/day="))
        .allSatisfy(listed -> assertThat(listed).startsWith(month + "/day=10"));
    assertThat(ListingRecorder.LISTED).hasSizeLessThan(30);

    // Status and the late-file search list every day, with its hours, by the layout.
    List<LandingFolder> every = new FolderLister(new Configuration()).listAll(root, layout);
    assertThat(every).hasSize(60);
    assertThat(every.get(0).path()).endsWith("orders/year=2026/month=01/day=01");
    assertThat(every).allSatisfy(f -> assertThat(f.files()).hasSize(24));
  }

  @Test
  void eachFolderIsReadWholeForNewOnlyUnchangedOrMissing() {
    SourceFile a = new SourceFile("file:/raw/dt=2026-01-01/a.json", 10, 1000);
    SourceFile b = new SourceFile("file:/raw/dt=2026-01-01/b.json", 20, 2000);
    LandingFolder folder = new LandingFolder(JAN_1, "/raw/dt=2026-01-01", List.of(a, b));
    PublishedFolder onlyA = new PublishedFolder(JAN_1, "x", List.of(a), "hash");
    PublishedFolder both = new PublishedFolder(JAN_1, "x", List.of(a, b), "hash");

    assertThat(Planner.decide(folder, RunMode.INCREMENTAL, "hash", Optional.empty()))
        .isEqualTo(new FolderPlan(folder, FolderAction.READ_ALL, List.of(a, b)));
    assertThat(Planner.decide(folder, RunMode.INCREMENTAL, "hash", Optional.of(onlyA)))
        .isEqualTo(new FolderPlan(folder, FolderAction.READ_NEW_FILES, List.of(b)));
    assertThat(Planner.decide(folder, RunMode.INCREMENTAL, "hash", Optional.of(both)))
        .isEqualTo(new FolderPlan(folder, FolderAction.UNCHANGED, List.of()));
    // A changed file (same name, new size or time) is read again.
    SourceFile bChanged = new SourceFile(b.path(), 21, 3000);
    LandingFolder changed = new LandingFolder(JAN_1, folder.path(), List.of(a, bChanged));
    assertThat(Planner.decide(changed, RunMode.INCREMENTAL, "hash", Optional.of(both)).toRead())
        .containsExactly(bChanged);
    assertThat(changed.fingerprint()).isNotEqualTo(folder.fingerprint());
    // Another configuration, or --force, reads everything again; a backfill of the same files
    // under the same configuration skips the folder, as an incremental run does.
    assertThat(Planner.decide(folder, RunMode.INCREMENTAL, "other", Optional.of(both)).action())
        .isEqualTo(FolderAction.READ_ALL);
    assertThat(Planner.decide(folder, RunMode.BACKFILL, "other", Optional.of(both)).action())
        .isEqualTo(FolderAction.READ_ALL);
    assertThat(Planner.decide(folder, RunMode.FORCED, "hash", Optional.of(both)).action())
        .isEqualTo(FolderAction.READ_ALL);
    assertThat(Planner.decide(folder, RunMode.BACKFILL, "hash", Optional.of(both)).action())
        .isEqualTo(FolderAction.UNCHANGED);
    assertThat(Planner.decide(changed, RunMode.BACKFILL, "hash", Optional.of(both)).toRead())
        .containsExactly(bChanged);
    LandingFolder empty = new LandingFolder(JAN_1, folder.path(), List.of());
    assertThat(Planner.decide(empty, RunMode.BACKFILL, "hash", Optional.empty()).action())
        .isEqualTo(FolderAction.MISSING);
  }

  @Test
  void planCombinesListingAndLedger() {
    Workspace ws = Workspace.create(dir);
    ws.writeRaw(JAN_1, "a.json", "{}");
    ws.writeRaw(JAN_1.plusDays(1), "a.json", "{}");
    PipelineConfig p = ws.config().pipeline();
    Planner planner = planner(MutableClock.at(JAN_1.plusDays(2)));
    RunPlan first =
        planner.plan(
            p, RunMode.INCREMENTAL, new DateRange(JAN_1, JAN_1.plusDays(2)), "h", Map.of());
    LandingFolder day1 = first.folders().get(0).folder();
    RunPlan second =
        planner.plan(
            p,
            RunMode.INCREMENTAL,
            new DateRange(JAN_1, JAN_1.plusDays(2)),
            "h",
            Map.of(JAN_1, new PublishedFolder(JAN_1, day1.fingerprint(), day1.files(), "h")));

    assertThat(first.folders())
        .extracting(FolderPlan::action)
        .containsExactly(FolderAction.READ_ALL, FolderAction.READ_ALL, FolderAction.MISSING);
    assertThat(second.folders())
        .extracting(FolderPlan::action)
        .containsExactly(FolderAction.UNCHANGED, FolderAction.READ_ALL, FolderAction.MISSING);
    assertThat(second.filesToRead()).hasSize(1);
    assertThat(second.filesNotPublishedBefore()).isEqualTo(second.filesToRead());

    // --force reads the published folder again, but its files need no second drift check; under
    // another configuration they do. Its files' digests, and who published them, come along for
    // the forced rerun to compare; under another configuration they compare with nothing.
    String published = day1.files().get(0).path();
    Map<LocalDate, PublishedFolder> ledger =
        Map.of(
            JAN_1,
            new PublishedFolder(
                JAN_1, day1.fingerprint(), day1.files(), "h", "r-1", Map.of(published, "1:3:a:b")));
    DateRange range = new DateRange(JAN_1, JAN_1.plusDays(2));
    RunPlan forced = planner.plan(p, RunMode.FORCED, range, "h", ledger);
    assertThat(forced.filesToRead()).hasSize(2);
    assertThat(forced.publishedBefore()).containsExactlyElementsOf(day1.files());
    assertThat(forced.filesNotPublishedBefore())
        .containsExactlyElementsOf(first.folders().get(1).folder().files());
    assertThat(forced.digests())
        .containsExactly(entry(published, new PublishedDigest("1:3:a:b", "r-1")));
    RunPlan otherConfig = planner.plan(p, RunMode.FORCED, range, "other", ledger);
    assertThat(otherConfig.filesNotPublishedBefore()).isEqualTo(otherConfig.filesToRead());
    assertThat(otherConfig.digests()).isEmpty();

    // Its one file found as published, the folder is verified; the others keep their plan.
    RunPlan verified = forced.withoutVerified(java.util.Set.of(published));
    assertThat(verified.folders())
        .extracting(FolderPlan::action)
        .containsExactly(FolderAction.VERIFIED, FolderAction.READ_ALL, FolderAction.MISSING);
    assertThat(verified.filesToRead())
        .containsExactlyElementsOf(first.folders().get(1).folder().files());
  }

  /** The ledger as a run would have left it after publishing these folders. */
  private static Map<LocalDate, PublishedFolder> published(List<LandingFolder> folders) {
    Map<LocalDate, PublishedFolder> ledger = new java.util.HashMap<>();
    for (LandingFolder f : folders) {
      ledger.put(f.date(), new PublishedFolder(f.date(), f.fingerprint(), f.files(), "h"));
    }
    return ledger;
  }

  @Test
  void anIncrementalRunReadsTheNewOrChangedFilesOfEveryPublishedFolderBeforeItsRange()
      throws IOException {
    Workspace ws = Workspace.create(dir);
    for (int day = 0; day < 6; day++) {
      ws.writeRaw(JAN_1.plusDays(day), "a.json", "{}");
    }
    PipelineConfig p = ws.config().pipeline(); // the shipped late-files defaults: no bound
    Planner planner = planner(MutableClock.at(JAN_1.plusDays(5)));
    DateRange range = new DateRange(JAN_1.plusDays(4), JAN_1.plusDays(5));
    Map<LocalDate, PublishedFolder> older =
        published(
            new FolderLister(new Configuration())
                .list(
                    p.source().path(),
                    LandingLayout.flat("dt="),
                    new DateRange(JAN_1, JAN_1.plusDays(3))));
    assertThat(
            planner
                .plan(p, RunMode.INCREMENTAL, range, "h", Map.of(), OlderFolders.of(older))
                .folders())
        .extracting(f -> f.folder().date())
        .containsExactly(JAN_1.plusDays(4), JAN_1.plusDays(5));

    // A new file, a file rewritten in place (its folder's time stays), a file in a sub-folder,
    // and a file deleted (nothing to read).
    ws.writeRaw(JAN_1, "late.json", "{}");
    java.nio.file.Path rewritten = ws.writeRaw(JAN_1.plusDays(1), "a.json", "{\"x\":1}");
    ws.writeRaw(JAN_1.plusDays(2), "part/b.json", "{}");
    Files.delete(ws.raw.resolve("dt=2026-01-04/a.json"));
    Files.createDirectories(ws.raw.resolve("not-a-landing-folder"));
    RunPlan plan =
        planner.plan(p, RunMode.INCREMENTAL, range, "h", Map.of(), OlderFolders.of(older));

    assertThat(plan.folders())
        .extracting(f -> f.folder().date(), FolderPlan::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(JAN_1, FolderAction.READ_NEW_FILES),
            org.assertj.core.groups.Tuple.tuple(JAN_1.plusDays(1), FolderAction.READ_NEW_FILES),
            org.assertj.core.groups.Tuple.tuple(JAN_1.plusDays(2), FolderAction.READ_NEW_FILES),
            org.assertj.core.groups.Tuple.tuple(JAN_1.plusDays(4), FolderAction.READ_ALL),
            org.assertj.core.groups.Tuple.tuple(JAN_1.plusDays(5), FolderAction.READ_ALL));
    assertThat(plan.filesToRead())
        .extracting(f -> f.path().substring(f.path().indexOf("dt=")))
        .containsExactly(
            "dt=2026-01-01/late.json",
            "dt=2026-01-02/a.json",
            "dt=2026-01-03/part/b.json",
            "dt=2026-01-05/a.json",
            "dt=2026-01-06/a.json");
    assertThat(plan.filesToRead().get(1).modifiedAt())
        .isEqualTo(Files.getLastModifiedTime(rewritten).toMillis());
    // One listing of the root, one of each landing folder and of the sub-folder; the folder
    // that is no landing folder is not opened.
    assertThat(plan.lateFiles().listCalls()).isEqualTo(1 + 6 + 1);
    assertThat(plan.lateFiles().beyond()).isEmpty();
    // A backfill reads what its range says, nothing else.
    assertThat(
            planner
                .plan(p, RunMode.BACKFILL, range, "h", Map.of(), OlderFolders.of(older))
                .folders())
        .hasSize(2);
  }

  @Test
  void lateFilesBeyondTheBoundAreNamedNotRead() {
    Workspace ws = Workspace.create(dir);
    for (int day = 0; day < 6; day++) {
      ws.writeRaw(JAN_1.plusDays(day), "a.json", "{}");
    }
    ws.writePipeline(true, "late-files.max-age-days = 3");
    PipelineConfig p = ws.config().pipeline();
    Planner planner = planner(MutableClock.at(JAN_1.plusDays(5)));
    DateRange range = new DateRange(JAN_1.plusDays(4), JAN_1.plusDays(5));
    Map<LocalDate, PublishedFolder> older =
        published(
            new FolderLister(new Configuration())
                .list(
                    p.source().path(),
                    LandingLayout.flat("dt="),
                    new DateRange(JAN_1, JAN_1.plusDays(3))));
    ws.writeRaw(JAN_1, "late.json", "{}");
    ws.writeRaw(JAN_1.plusDays(1), "late.json", "{}");
    ws.writeRaw(JAN_1.plusDays(2), "late.json", "{}");

    RunPlan plan =
        planner.plan(p, RunMode.INCREMENTAL, range, "h", Map.of(), OlderFolders.of(older));

    // 2026-01-03 is three days old: read. The two older ones are not, and say how to read them.
    assertThat(plan.folders())
        .extracting(f -> f.folder().date())
        .containsExactly(JAN_1.plusDays(2), JAN_1.plusDays(4), JAN_1.plusDays(5));
    assertThat(plan.lateFiles().beyond())
        .extracting(f -> f.folder().date())
        .containsExactly(JAN_1, JAN_1.plusDays(1));
    assertThat(plan.lateFiles().breach("orders").orElseThrow())
        .contains("2 landing folders older than pipeline.late-files.max-age-days = 3")
        .contains("dt=2026-01-01 (1 new or changed files)")
        .contains("dt=2026-01-02 (1 new or changed files)")
        .endsWith("Read them with: tidemark run orders --from 2026-01-01 --to 2026-01-02");
  }
}

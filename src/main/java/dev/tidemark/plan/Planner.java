package dev.tidemark.plan;

import dev.tidemark.config.PipelineConfig;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The plan stage: resolves the range of landing dates and decides, folder by folder, what to read.
 * "Today" comes from the injected clock, in UTC.
 */
public final class Planner {
  private final Clock clock;
  private final FolderLister lister;

  public Planner(Clock clock, FolderLister lister) {
    this.clock = clock;
    this.lister = lister;
  }

  public LocalDate today() {
    return LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
  }

  /** The clock's instant: when a plan searched for late files. */
  public java.time.Instant instant() {
    return clock.instant();
  }

  /** The current hour, in UTC: no landing hour after it is planned in an hourly layout. */
  public LocalDateTime now() {
    return LocalDateTime.now(clock.withZone(java.time.ZoneOffset.UTC))
        .truncatedTo(ChronoUnit.HOURS);
  }

  /**
   * The range of a run: the explicit one of a backfill, or from the landing watermark minus the
   * lookback (never before the start date) through today. Empty when the watermark is ahead of
   * today.
   */
  public Optional<DateRange> resolve(
      PipelineConfig pipeline, Optional<DateRange> explicit, Optional<LocalDate> landingWatermark) {
    return resolve(pipeline, explicit, landingWatermark, Optional.empty());
  }

  /**
   * As above; in an hourly layout the range starts at the watermark's hour minus the lookback (in
   * hours) and ends at the current hour.
   *
   * @param landingHour the landing watermark's hour, in an hourly layout: its date's last hour when
   *     empty
   */
  public Optional<DateRange> resolve(
      PipelineConfig pipeline,
      Optional<DateRange> explicit,
      Optional<LocalDate> landingWatermark,
      Optional<Integer> landingHour) {
    if (explicit.isPresent()) {
      return explicit;
    }
    if (pipeline.source().layout().hourly()) {
      return hourly(pipeline, landingWatermark.map(d -> d.atTime(landingHour.orElse(23), 0)));
    }
    LocalDate from;
    if (landingWatermark.isPresent()) {
      from = landingWatermark.get().minusDays(pipeline.lookbackDays());
      if (pipeline.startDate().isPresent() && from.isBefore(pipeline.startDate().get())) {
        from = pipeline.startDate().get();
      }
    } else {
      from = pipeline.startDate().orElseThrow(() -> noStart(pipeline));
    }
    LocalDate to = today();
    return from.isAfter(to) ? Optional.empty() : Optional.of(new DateRange(from, to));
  }

  private Optional<DateRange> hourly(PipelineConfig pipeline, Optional<LocalDateTime> watermark) {
    Optional<LocalDateTime> start = pipeline.startDate().map(LocalDate::atStartOfDay);
    LocalDateTime from =
        watermark
            .map(w -> w.minus(pipeline.lookback()))
            .map(f -> start.filter(f::isBefore).orElse(f))
            .or(() -> start)
            .orElseThrow(() -> noStart(pipeline));
    LocalDateTime to = now();
    return from.isAfter(to) ? Optional.empty() : Optional.of(DateRange.ofHours(from, to));
  }

  private static PlanException noStart(PipelineConfig pipeline) {
    return new PlanException(
        "Cannot plan an incremental run of '"
            + pipeline.name()
            + "': it has no landing watermark yet and pipeline.start-date is"
            + " not set. Set pipeline.start-date, or run a backfill with"
            + " --from and --to");
  }

  /** Lists the range's folders and compares them with what the ledger says was published. */
  public RunPlan plan(
      PipelineConfig pipeline,
      RunMode mode,
      DateRange range,
      String configHash,
      Map<LocalDate, PublishedFolder> processed) {
    return plan(pipeline, mode, range, configHash, processed, OlderFolders.NONE);
  }

  /**
   * As above; an incremental run also reads the new or changed files of the folders published
   * before its range ({@code older}, from the ledger), within the late-file bound (see {@link
   * LateFiles}), reading the older dates' records only where their folder changed.
   */
  public RunPlan plan(
      PipelineConfig pipeline,
      RunMode mode,
      DateRange range,
      String configHash,
      Map<LocalDate, PublishedFolder> processed,
      OlderFolders older) {
    List<FolderPlan> folders = new ArrayList<>();
    Set<SourceFile> publishedBefore = new HashSet<>();
    Map<String, PublishedDigest> digests = new HashMap<>();
    LateSearch late =
        mode == RunMode.INCREMENTAL
            ? lateFiles(pipeline, range, configHash, older)
            : LateSearch.NONE;
    List<LandingFolder> listed = new ArrayList<>();
    late.found().read().forEach(f -> listed.add(f.folder()));
    listed.addAll(lister.list(pipeline.source().path(), pipeline.source().layout(), range));
    for (LandingFolder folder : listed) {
      Optional<PublishedFolder> before =
          Optional.ofNullable(processed.get(folder.date()))
              .or(() -> Optional.ofNullable(late.records().get(folder.date())));
      before
          .filter(b -> b.configHash().equals(configHash))
          .ifPresent(
              b -> {
                publishedBefore.addAll(b.files());
                b.digests()
                    .forEach((path, d) -> digests.put(path, new PublishedDigest(d, b.runId())));
              });
      // A backfill's range may start or end within a day of an hourly layout: only those hours.
      // An incremental run reads every new file of its days, whatever their hour.
      Optional<int[]> hours =
          mode == RunMode.INCREMENTAL ? Optional.empty() : range.hoursOf(folder.date());
      folders.add(
          hours.isPresent()
              ? PartialDay.decide(
                  pipeline.source().layout(),
                  folder,
                  hours.get()[0],
                  hours.get()[1],
                  mode,
                  configHash,
                  before)
              : decide(pipeline, folder, mode, configHash, before));
    }
    Set<SourceFile> toRead = new HashSet<>();
    folders.forEach(f -> toRead.addAll(f.toRead()));
    publishedBefore.retainAll(toRead);
    return new RunPlan(
        pipeline.name(), mode, range, folders, publishedBefore, digests, late.found());
  }

  private static FolderPlan decide(
      PipelineConfig pipeline,
      LandingFolder folder,
      RunMode mode,
      String configHash,
      Optional<PublishedFolder> before) {
    FolderPlan decided = decide(folder, mode, configHash, before);
    if (pipeline.deletes().snapshot() && decided.action() == FolderAction.READ_NEW_FILES) {
      // A snapshot folder is one state: a changed file changes the whole folder's meaning.
      decided = new FolderPlan(folder, FolderAction.READ_ALL, folder.files());
    }
    return decided;
  }

  /**
   * The published folders older than the range that have new or changed files now, from one listing
   * of every landing folder (see {@link FolderLister#listEvery}): those within the bound to read,
   * those beyond it to name. Folders the ledger never published are not read here.
   */
  private LateSearch lateFiles(
      PipelineConfig pipeline, DateRange range, String configHash, OlderFolders older) {
    Optional<Integer> maxAge = pipeline.lateFileMaxAgeDays();
    if (older.isEmpty()) {
      return new LateSearch(new LateFiles(List.of(), List.of(), maxAge, 0, 0), Map.of());
    }
    long t0 = System.nanoTime();
    FolderLister.Listing listing =
        lister.listEvery(pipeline.source().path(), pipeline.source().layout());
    long millis = (System.nanoTime() - t0) / 1_000_000;
    // Only a folder whose files no longer match its fingerprint can hold a late file.
    List<LandingFolder> changed = new ArrayList<>();
    for (LandingFolder folder : listing.folders()) {
      String fingerprint = older.fingerprints().get(folder.date());
      if (fingerprint != null
          && folder.date().isBefore(range.from())
          && !fingerprint.equals(folder.fingerprint())) {
        changed.add(folder);
      }
    }
    Map<LocalDate, PublishedFolder> records =
        changed.isEmpty()
            ? Map.of()
            : older
                .records()
                .apply(changed.stream().map(LandingFolder::date).collect(Collectors.toSet()));
    Optional<LocalDate> oldest = maxAge.map(days -> today().minusDays(days));
    List<FolderPlan> read = new ArrayList<>();
    List<FolderPlan> beyond = new ArrayList<>();
    for (LandingFolder folder : changed) {
      PublishedFolder before = records.get(folder.date());
      if (before == null) {
        continue; // no longer recorded processed (rolled back since the fingerprints were read)
      }
      Set<SourceFile> seen = new HashSet<>(before.files());
      if (folder.files().stream().allMatch(seen::contains)) {
        continue; // nothing landed since it was published (a deleted file is no late file)
      }
      FolderPlan decided =
          decide(pipeline, folder, RunMode.INCREMENTAL, configHash, Optional.of(before));
      if (oldest.isPresent() && folder.date().isBefore(oldest.get())) {
        beyond.add(decided);
      } else {
        read.add(decided);
      }
    }
    return new LateSearch(
        new LateFiles(read, beyond, maxAge, listing.listCalls(), millis), records);
  }

  /** The late-file search's finds, and the records of the changed folders it read for them. */
  private record LateSearch(LateFiles found, Map<LocalDate, PublishedFolder> records) {
    static final LateSearch NONE = new LateSearch(LateFiles.NONE, Map.of());
  }

  static FolderPlan decide(
      LandingFolder folder, RunMode mode, String configHash, Optional<PublishedFolder> before) {
    if (folder.isEmpty()) {
      return new FolderPlan(folder, FolderAction.MISSING, List.of());
    }
    boolean sameConfig = before.map(b -> b.configHash().equals(configHash)).orElse(false);
    if (mode.readsEverything() || !sameConfig) {
      return new FolderPlan(folder, FolderAction.READ_ALL, folder.files());
    }
    // Published before under this configuration: only files new or changed since can hold rows
    // the target has not seen. Reading by file, not by event time, means a late file is read
    // whatever the age of its events.
    Set<SourceFile> seen = new HashSet<>(before.get().files());
    List<SourceFile> fresh = folder.files().stream().filter(f -> !seen.contains(f)).toList();
    return fresh.isEmpty()
        ? new FolderPlan(folder, FolderAction.UNCHANGED, List.of())
        : new FolderPlan(folder, FolderAction.READ_NEW_FILES, fresh);
  }
}

package dev.tidemark.plan;

import dev.tidemark.config.PipelineConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The plan step: which folders and files a run reads, from the landing folders as they are and what
 * the ledger says was published. It writes nothing, so {@code tidemark plan} and a dry run use it
 * as the run does.
 */
public final class PlanStep {
  /** What the ledger says was published, as far as the plan needs it. */
  public interface Published {
    /** The landing folders processed (and verified), in {@code within} or all when empty. */
    List<PublishedFolder> processed(String pipeline, Optional<DateRange> within);

    /**
     * The fingerprints of the landing dates processed before {@code date}, without their files: the
     * late-file search reads whole records only for folders that changed.
     */
    Map<LocalDate, String> fingerprintsBefore(String pipeline, LocalDate date);

    /**
     * What an incremental run of {@code range} needs: the range's folders processed, and the
     * fingerprints of those before it. A store that can answers both with one read.
     */
    default Incremental incremental(String pipeline, DateRange range) {
      return new Incremental(
          processed(pipeline, Optional.of(range)), fingerprintsBefore(pipeline, range.from()));
    }
  }

  /**
   * @param inRange the range's folders processed (and verified)
   * @param fingerprintsBefore the fingerprints of the folders processed before the range
   */
  public record Incremental(
      List<PublishedFolder> inRange, Map<LocalDate, String> fingerprintsBefore) {
    public Incremental {
      inRange = List.copyOf(inRange);
      fingerprintsBefore = Map.copyOf(fingerprintsBefore);
    }
  }

  /**
   * @param explicit the range of a backfill; empty for an incremental run
   * @param force read every file in range whatever the ledger says
   * @param landingWatermark the stored landing watermark an incremental run starts from
   * @param landingHour its hour, in an hourly layout
   * @param batch which batch of a backfill the run is, its range {@code explicit}
   * @param lastLateSearch when a finished run last searched every published folder for late files
   *     (see {@code LateSearchRecord}), for {@code pipeline.late-files.search-every}
   */
  public record Input(
      Optional<DateRange> explicit,
      boolean force,
      Optional<LocalDate> landingWatermark,
      Optional<Integer> landingHour,
      Optional<Batch> batch,
      Optional<Instant> lastLateSearch) {
    public Input(
        Optional<DateRange> explicit, boolean force, Optional<LocalDate> landingWatermark) {
      this(explicit, force, landingWatermark, Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  private final PipelineConfig pipeline;
  private final String configHash;
  private final Planner planner;
  private final Published ledger;
  private final BooleanSupplier targetExists;

  public PlanStep(
      PipelineConfig pipeline,
      String configHash,
      Planner planner,
      Published ledger,
      BooleanSupplier targetExists) {
    this.pipeline = pipeline;
    this.configHash = configHash;
    this.planner = planner;
    this.ledger = ledger;
    this.targetExists = targetExists;
  }

  public RunPlan plan(Input input) {
    input.explicit().filter(r -> !r.wholeDays()).ifPresent(this::checkHoursCanBeRead);
    DateRange range =
        planner
            .resolve(pipeline, input.explicit(), input.landingWatermark(), input.landingHour())
            .orElseThrow(
                () ->
                    new PlanException(
                        "Cannot plan an incremental run of '"
                            + pipeline.name()
                            + "': its landing watermark "
                            + input.landingWatermark().orElseThrow()
                            + " minus the lookback is after today ("
                            + planner.today()
                            + "). Check the clock, or run a backfill with --from and --to"));
    RunMode mode =
        input.force()
            ? RunMode.FORCED
            : input.explicit().isPresent() ? RunMode.BACKFILL : RunMode.INCREMENTAL;
    // Only verified dates let an incremental run skip files: unverified ones are read again. A
    // target that is gone (dropped, or a new path) holds nothing the ledger says it does. An
    // incremental run also looks for late files in every folder published before its range.
    boolean trusted = targetExists.getAsBoolean();
    Instant now = planner.instant();
    Optional<Instant> nextSearch =
        mode == RunMode.INCREMENTAL
            ? nextLateSearch(input.lastLateSearch(), now)
            : Optional.empty();
    boolean search = mode == RunMode.INCREMENTAL && nextSearch.isEmpty();
    Incremental known =
        !trusted
            ? new Incremental(List.of(), Map.of())
            : search
                ? ledger.incremental(pipeline.name(), range)
                : new Incremental(ledger.processed(pipeline.name(), Optional.of(range)), Map.of());
    List<PublishedFolder> published = known.inRange();
    OlderFolders older =
        known.fingerprintsBefore().isEmpty()
            ? OlderFolders.NONE
            : new OlderFolders(
                known.fingerprintsBefore(), dates -> byDate(recordsOf(dates), dates::contains));
    RunPlan plan =
        planner.plan(pipeline, mode, range, configHash, byDate(published, range::contains), older);
    if (nextSearch.isPresent()) {
      plan = plan.withLateFiles(LateFiles.notDue(nextSearch.get()));
    } else if (search) {
      plan = plan.withLateFiles(plan.lateFiles().searched(now));
    }
    return input.batch().map(plan::inBatch).orElse(plan);
  }

  /**
   * When the next search of every published folder is due, if not now: with {@code
   * late-files.search-every}, once the last finished search is that old.
   */
  private Optional<Instant> nextLateSearch(Optional<Instant> last, Instant now) {
    return pipeline
        .lateFileSearchEvery()
        .flatMap(every -> last.map(l -> l.plus(every)))
        .filter(next -> next.isAfter(now));
  }

  /** A range of hours needs hour folders to pick, and a source whose folders are not one state. */
  private void checkHoursCanBeRead(DateRange range) {
    if (!pipeline.source().layout().hourly()) {
      throw new PlanException(
          "Cannot plan the range "
              + range
              + " of '"
              + pipeline.name()
              + "': its layout "
              + pipeline.source().layout().shown()
              + " has no hour folders. Give --from and --to as landing dates (YYYY-MM-DD)");
    }
    if (pipeline.deletes().snapshot()) {
      throw new PlanException(
          "Cannot plan the range "
              + range
              + " of '"
              + pipeline.name()
              + "': a snapshot source's landing folder is one state, read whole. Give --from and"
              + " --to as landing dates (YYYY-MM-DD)");
    }
  }

  /** The whole records of these dates, from one read of the ledger between the first and last. */
  private List<PublishedFolder> recordsOf(java.util.Set<LocalDate> dates) {
    LocalDate first = dates.stream().min(LocalDate::compareTo).orElseThrow();
    LocalDate last = dates.stream().max(LocalDate::compareTo).orElseThrow();
    return ledger.processed(pipeline.name(), Optional.of(new DateRange(first, last)));
  }

  /** The day a run counts as today: no landing date after it is planned. */
  public LocalDate today() {
    return planner.today();
  }

  private static Map<LocalDate, PublishedFolder> byDate(
      List<PublishedFolder> published, Predicate<LocalDate> dates) {
    return published.stream()
        .filter(f -> dates.test(f.date()))
        .collect(Collectors.toMap(PublishedFolder::date, f -> f));
  }

  /** The plan's line on the terminal: what is read, what is left as it is. */
  public static String describe(RunPlan plan) {
    long files = plan.filesToRead().size();
    return String.format(
            "%s %s: %d folders to read (%,d files, %s), %d unchanged, %d missing",
            plan.mode().label(),
            plan.range(),
            plan.count(FolderAction.READ_ALL) + plan.count(FolderAction.READ_NEW_FILES),
            files,
            Bytes.human(plan.bytesToRead()),
            plan.count(FolderAction.UNCHANGED),
            plan.count(FolderAction.MISSING))
        + plan.lateFiles().summary();
  }
}

package dev.tidemark.control;

import dev.tidemark.plan.Batch;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.plan.RunMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One row of the runs table. The parts a run had not reached yet are empty: a run that failed
 * during extract has no publish counts.
 */
public record RunRecord(
    String runId,
    String pipeline,
    RunMode mode,
    LocalDate rangeFrom,
    LocalDate rangeTo,
    RunStatus status,
    Optional<String> error,
    Instant startedAt,
    Optional<Instant> endedAt,
    Map<String, Long> stageMs,
    List<FolderPlan> plan,
    Optional<StageCounts> staged,
    Optional<PublishCounts> published,
    Optional<ReconcileCounts> reconciled,
    Optional<WatermarkMove> watermarks,
    String tidemarkVersion,
    String configHash,
    List<String> thresholdBreaches,
    Optional<String> targetTableId,
    Optional<Batch> batch,
    int rangeFromHour,
    int rangeToHour) {

  /** Version of the runs table's schema; stored in every row and raised with every change. */
  public static final int SCHEMA_VERSION = 6;

  /** A run of whole landing days. */
  public RunRecord(
      String runId,
      String pipeline,
      RunMode mode,
      LocalDate rangeFrom,
      LocalDate rangeTo,
      RunStatus status,
      Optional<String> error,
      Instant startedAt,
      Optional<Instant> endedAt,
      Map<String, Long> stageMs,
      List<FolderPlan> plan,
      Optional<StageCounts> staged,
      Optional<PublishCounts> published,
      Optional<ReconcileCounts> reconciled,
      Optional<WatermarkMove> watermarks,
      String tidemarkVersion,
      String configHash,
      List<String> thresholdBreaches,
      Optional<String> targetTableId,
      Optional<Batch> batch) {
    this(
        runId,
        pipeline,
        mode,
        rangeFrom,
        rangeTo,
        status,
        error,
        startedAt,
        endedAt,
        stageMs,
        plan,
        staged,
        published,
        reconciled,
        watermarks,
        tidemarkVersion,
        configHash,
        thresholdBreaches,
        targetTableId,
        batch,
        0,
        23);
  }

  /** The run's range: its landing dates, and its hours where it starts or ends within a day. */
  public DateRange range() {
    return new DateRange(rangeFrom, rangeTo, rangeFromHour, rangeToHour);
  }

  public RunRecord {
    stageMs = Map.copyOf(stageMs);
    plan = List.copyOf(plan);
    thresholdBreaches = List.copyOf(thresholdBreaches);
  }

  /** A run that is no batch of a backfill. */
  public RunRecord(
      String runId,
      String pipeline,
      RunMode mode,
      LocalDate rangeFrom,
      LocalDate rangeTo,
      RunStatus status,
      Optional<String> error,
      Instant startedAt,
      Optional<Instant> endedAt,
      Map<String, Long> stageMs,
      List<FolderPlan> plan,
      Optional<StageCounts> staged,
      Optional<PublishCounts> published,
      Optional<ReconcileCounts> reconciled,
      Optional<WatermarkMove> watermarks,
      String tidemarkVersion,
      String configHash,
      List<String> thresholdBreaches,
      Optional<String> targetTableId) {
    this(
        runId,
        pipeline,
        mode,
        rangeFrom,
        rangeTo,
        status,
        error,
        startedAt,
        endedAt,
        stageMs,
        plan,
        staged,
        published,
        reconciled,
        watermarks,
        tidemarkVersion,
        configHash,
        thresholdBreaches,
        targetTableId,
        Optional.empty());
  }

  /**
   * Rows read, quarantined and valid in the raw batch; among the valid ones, exact copies of
   * another row; and rows left after dedup (one per key). A forced rerun also parses files it then
   * leaves out of that batch, found as published (see {@code ForcedVerification}): their files and
   * rows are counted apart, as verified, and not in the counts before them.
   */
  public record StageCounts(
      long rowsRead,
      long rowsQuarantined,
      long rowsValid,
      long exactDuplicates,
      long rowsStaged,
      long filesVerified,
      long rowsVerified) {
    /** Counts of a stage pass that verified no file (every run but a forced rerun). */
    public StageCounts(
        long rowsRead,
        long rowsQuarantined,
        long rowsValid,
        long exactDuplicates,
        long rowsStaged) {
      this(rowsRead, rowsQuarantined, rowsValid, exactDuplicates, rowsStaged, 0, 0);
    }

    /** Valid rows that were not the newest of their key: exact copies and older versions. */
    public long duplicatesRemoved() {
      return rowsValid - rowsStaged;
    }

    /** Rows sharing their key with another row, per 1,000 valid rows: how dirty the input was. */
    public double duplicateKeysPer1000() {
      return rowsValid == 0 ? 0.0 : 1000.0 * duplicatesRemoved() / rowsValid;
    }
  }

  /**
   * What the publish did. {@code merged} is false when no staged row was newer than the target, in
   * which case no MERGE ran and the target has no new version. Inserted, updated, deleted and file
   * counts come from Delta's operation metrics of the commit (a moved key counts as one update, not
   * a delete and an insert); unchanged (same version already in the target) and stale (the target
   * holds a newer one) are the staged rows left out before the MERGE; the target versions around it
   * (-1: no table yet and nothing published; a MERGE that creates the target first creates it
   * empty, version 0). {@code nothingToDelete}: tombstones of keys the target did not hold
   * (remembered, but no row to delete; 0 in rows before schema v4).
   */
  public record PublishCounts(
      boolean merged,
      long inserted,
      long updated,
      long deleted,
      long unchanged,
      long stale,
      long filesAdded,
      long filesRemoved,
      long versionBefore,
      long versionAfter,
      long nothingToDelete) {
    /** The same counts with {@code more} rows counted unchanged (left out before staging). */
    public PublishCounts plusUnchanged(long more) {
      return new PublishCounts(
          merged,
          inserted,
          updated,
          deleted,
          unchanged + more,
          stale,
          filesAdded,
          filesRemoved,
          versionBefore,
          versionAfter,
          nothingToDelete);
    }

    /**
     * Tombstones of keys the target did not hold, for the publish line and the run summary: neither
     * deleted nor unchanged, so named apart. Empty when there are none, else " N deletes of keys
     * not in the target (nothing to delete);", to follow a semicolon.
     */
    public static String nothingToDelete(long tombstones) {
      return tombstones == 0
          ? ""
          : String.format(
              java.util.Locale.ROOT,
              " %,d %s of keys not in the target (nothing to delete);",
              tombstones,
              tombstones == 1 ? "delete" : "deletes");
    }
  }

  /**
   * Reconciliation counts against the reference, and the target rows in the checked scope (-1 when
   * a row written before that column existed is read back).
   */
  public record ReconcileCounts(
      long missing, long extra, long mismatched, long targetDuplicateKeys, long targetRows) {
    public long mismatchCount() {
      return missing + extra + mismatched;
    }

    /** Target rows sharing their key with another, per 1,000 target rows checked. */
    public Optional<Double> targetDuplicateKeysPer1000() {
      if (targetRows < 0) {
        return Optional.empty();
      }
      return Optional.of(targetRows == 0 ? 0.0 : 1000.0 * targetDuplicateKeys / targetRows);
    }
  }

  /** The watermarks before and after the run; after equals before unless the run succeeded. */
  public record WatermarkMove(
      Optional<LocalDate> landingBefore,
      Optional<LocalDate> landingAfter,
      Optional<Instant> eventBefore,
      Optional<Instant> eventAfter,
      Optional<Long> lagSeconds,
      Optional<Integer> landingHourBefore,
      Optional<Integer> landingHourAfter) {
    /** Landing watermarks of whole days (a daily layout's). */
    public WatermarkMove(
        Optional<LocalDate> landingBefore,
        Optional<LocalDate> landingAfter,
        Optional<Instant> eventBefore,
        Optional<Instant> eventAfter,
        Optional<Long> lagSeconds) {
      this(
          landingBefore,
          landingAfter,
          eventBefore,
          eventAfter,
          lagSeconds,
          Optional.empty(),
          Optional.empty());
    }

    /** The landing watermark before the run, with its hour in an hourly layout. */
    public Optional<String> landingBeforeShown() {
      return landingBefore.map(d -> Watermark.shown(d, landingHourBefore));
    }

    /** The landing watermark after the run, with its hour in an hourly layout. */
    public Optional<String> landingAfterShown() {
      return landingAfter.map(d -> Watermark.shown(d, landingHourAfter));
    }
  }

  public RunRecord withStatus(RunStatus newStatus, Optional<String> newError, Instant ended) {
    return new RunRecord(
        runId,
        pipeline,
        mode,
        rangeFrom,
        rangeTo,
        newStatus,
        newError,
        startedAt,
        Optional.of(ended),
        stageMs,
        plan,
        staged,
        published,
        reconciled,
        watermarks,
        tidemarkVersion,
        configHash,
        thresholdBreaches,
        targetTableId,
        batch,
        rangeFromHour,
        rangeToHour);
  }

  /** The same run with these threshold breaches recorded. */
  public RunRecord withBreaches(List<String> breaches) {
    return new RunRecord(
        runId,
        pipeline,
        mode,
        rangeFrom,
        rangeTo,
        status,
        error,
        startedAt,
        endedAt,
        stageMs,
        plan,
        staged,
        published,
        reconciled,
        watermarks,
        tidemarkVersion,
        configHash,
        breaches,
        targetTableId,
        batch,
        rangeFromHour,
        rangeToHour);
  }

  public Optional<Long> durationMs() {
    return endedAt.map(e -> e.toEpochMilli() - startedAt.toEpochMilli());
  }
}

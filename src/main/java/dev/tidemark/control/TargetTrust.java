package dev.tidemark.control;

import dev.tidemark.table.TargetLog;
import dev.tidemark.table.TargetTable;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Whether the target is still the table the pipeline's runs published, as the runs table recorded
 * it: the same Delta table id, a version at or after the one a run left, that run's commit still in
 * the log with its run id, and nothing after it but runs' MERGEs and operations that keep rows.
 *
 * <p>One check for two uses. Before a run trusts the ledger to skip unchanged landing dates, a
 * doubt stops it ({@link TargetNotTrustedException}), since the ledger no longer says what the
 * target holds. A forced rerun instead takes a doubt as the reason to merge every file again (see
 * {@link ForcedVerification}), which is how the target is rebuilt.
 */
public final class TargetTrust {
  /** What was found, as the message names it. */
  public enum Finding {
    COMMIT_MISSING("commit missing"),
    TABLE_RECREATED("table recreated"),
    CHANGED_BY_HAND("history changed by hand"),
    HISTORY_GONE("history no longer kept");

    final String label;

    Finding(String label) {
      this.label = label;
    }
  }

  /**
   * Why the target may not hold what the runs left in it.
   *
   * @param leftovers files of the log's removed commits still there (checksum files), which a new
   *     commit of the same version would be checked against
   */
  public record Doubt(Finding finding, String detail, List<String> leftovers) {
    Doubt(Finding finding, String detail) {
      this(finding, detail, List.of());
    }
  }

  private TargetTrust() {}

  /**
   * The check against these runs' records; empty when the target is as they left it, or later. From
   * the oldest of them on, every commit must be a run's (a MERGE tagged with a run id, or any
   * commit tagged with the id of a run of the pipeline) or keep rows.
   */
  public static Optional<Doubt> check(
      TargetLog target,
      Collection<PublishedVersion> runs,
      Function<String, Optional<RunRecord>> findRun,
      String pipeline) {
    Predicate<String> pipelineRun =
        id -> findRun.apply(id).filter(r -> r.pipeline().equals(pipeline)).isPresent();
    return target.reading(() -> checkReadable(target, runs, pipelineRun));
  }

  private static Optional<Doubt> checkReadable(
      TargetLog target, Collection<PublishedVersion> runs, Predicate<String> pipelineRun) {
    Optional<TargetTable.Identity> identity = target.identity();
    if (identity.isEmpty() || runs.isEmpty()) {
      // No table: the run creates one and publishes its whole range; the ledger is not read.
      return Optional.empty();
    }
    Optional<Doubt> recreated = recreated(runs, identity.get().id());
    if (recreated.isPresent()) {
      return recreated;
    }
    PublishedVersion newest =
        runs.stream().max(Comparator.comparingLong(PublishedVersion::versionAfter)).orElseThrow();
    long latest = target.version().orElse(-1L);
    if (latest < newest.versionAfter()) {
      List<String> leftovers = target.logFilesAfter(latest, identity.get().location());
      return Optional.of(
          new Doubt(
              Finding.COMMIT_MISSING,
              "it is at version "
                  + latest
                  + ", but run "
                  + newest.runId()
                  + " left it at version "
                  + newest.versionAfter()
                  + ": commits were removed from its _delta_log",
              leftovers));
    }
    long oldest = runs.stream().mapToLong(PublishedVersion::versionAfter).min().orElseThrow();
    List<TargetTable.Entry> commits = target.historyFrom(oldest, latest);
    if (commits.size() != latest - oldest + 1 || commits.get(0).version() != oldest) {
      return Optional.of(
          new Doubt(
              Finding.HISTORY_GONE,
              "its history no longer reaches back to version "
                  + oldest
                  + " (Delta log retention)"));
    }
    return ownCommitMissing(runs, commits, oldest).or(() -> changedByHand(commits, pipelineRun));
  }

  /** A run published to a table of another id: the target was deleted and created again. */
  private static Optional<Doubt> recreated(Collection<PublishedVersion> runs, String id) {
    for (PublishedVersion run : runs) {
      if (run.tableId().isPresent() && !run.tableId().get().equals(id)) {
        return Optional.of(
            new Doubt(
                Finding.TABLE_RECREATED,
                "its Delta table id is "
                    + id
                    + ", not "
                    + run.tableId().get()
                    + ", the table run "
                    + run.runId()
                    + " published to: it was deleted and created again"));
      }
    }
    return Optional.empty();
  }

  /** A run's commit that is not at its version any more. */
  private static Optional<Doubt> ownCommitMissing(
      Collection<PublishedVersion> runs, List<TargetTable.Entry> commits, long oldest) {
    for (PublishedVersion run : runs) {
      TargetTable.Entry own = commits.get((int) (run.versionAfter() - oldest));
      if (run.committed() && !own.userMetadata().equals(Optional.of(run.runId()))) {
        return Optional.of(
            new Doubt(
                Finding.COMMIT_MISSING,
                "version "
                    + run.versionAfter()
                    + " is "
                    + describe(own)
                    + ", not the commit of run "
                    + run.runId()
                    + ": that commit was removed from its _delta_log, or the table created"
                    + " again"));
      }
    }
    return Optional.empty();
  }

  /** A commit after the oldest run's that is neither a run's nor one that keeps rows. */
  private static Optional<Doubt> changedByHand(
      List<TargetTable.Entry> commits, Predicate<String> pipelineRun) {
    for (TargetTable.Entry c : commits.subList(1, commits.size())) {
      boolean byRun = "MERGE".equals(c.operation()) && c.userMetadata().isPresent();
      if (!byRun
          && !TargetTable.keepsRows(c.operation())
          && !c.userMetadata().filter(pipelineRun).isPresent()) {
        return Optional.of(
            new Doubt(
                Finding.CHANGED_BY_HAND,
                "version " + c.version() + " is " + describe(c) + " made outside a run"));
      }
    }
    return Optional.empty();
  }

  private static String describe(TargetTable.Entry c) {
    return "a " + c.operation() + c.userMetadata().map(m -> " (" + m + ")").orElse("");
  }

  /**
   * Before a run trusts the ledger: fails, before anything is written, when the target is not the
   * table the pipeline's last run left, naming what was found and the command that rebuilds it.
   */
  public static void require(TargetLog target, ControlReads reads, String pipeline) {
    Optional<Doubt> doubt = doubt(target, reads, pipeline);
    if (doubt.isPresent()) {
      throw new TargetNotTrustedException(
          message(target, pipeline, doubt.get(), reads.intervals(pipeline), true));
    }
  }

  /** Why the target is not the table the pipeline's last run left; empty when it is. */
  private static Optional<Doubt> doubt(TargetLog target, ControlReads reads, String pipeline) {
    if (!target.reading(target::exists)) {
      return Optional.empty();
    }
    Optional<Doubt> doubt = Optional.empty();
    // Runs that started at one instant cannot be told apart: any of them the target matches will
    // do. In practice there is one.
    for (PublishedVersion last : reads.lastPublished(pipeline)) {
      Optional<Doubt> found = check(target, List.of(last), reads::run, pipeline);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      doubt = doubt.or(() -> found);
    }
    return doubt;
  }

  /**
   * What {@code status} shows: why the pipeline's next run would refuse its target, with the
   * command that rebuilds it; empty when it would not (or nothing was published yet).
   */
  public static Optional<String> nextRunRefusal(
      TargetLog target, ControlReads reads, String pipeline) {
    if (!reads.hasRuns()) {
      return Optional.empty();
    }
    return doubt(target, reads, pipeline)
        .map(d -> message(target, pipeline, d, reads.intervals(pipeline), false));
  }

  /**
   * @param refused true for a run that stopped on it, false for {@code status}
   */
  static String message(
      TargetLog target, String pipeline, Doubt doubt, List<Interval> published, boolean refused) {
    Optional<LocalDate> from =
        published.stream().map(Interval::landingDate).min(Comparator.naturalOrder());
    Optional<LocalDate> to =
        published.stream().map(Interval::landingDate).max(Comparator.naturalOrder());
    String command =
        "tidemark run "
            + pipeline
            + (from.isPresent() ? " --from " + from.get() + " --to " + to.get() : "")
            + " --force";
    return "The target "
        + target.path()
        + " is not the table this pipeline's runs published ("
        + doubt.finding().label
        + "): "
        + doubt.detail()
        + (refused ? ". Nothing was written: the" : ". The")
        + " ledger no longer says what the target holds. "
        + (doubt.leftovers().isEmpty()
            ? ""
            : "Delete the checksum files the removed commits left ("
                + String.join(", ", doubt.leftovers())
                + "), then publish ")
        + (doubt.leftovers().isEmpty() ? "Publish " : "")
        + "every landing date the ledger holds again with: "
        + command;
  }
}

package dev.tidemark.publish;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.ConflictRetry;
import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.control.RunScope;
import dev.tidemark.runtime.StageClock;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.stage.StageResult;
import dev.tidemark.stage.Staged;
import dev.tidemark.table.TargetTable;
import java.util.Optional;

/**
 * The publish step: one MERGE INTO the target, tagged with the run id, of the staged rows newer
 * than what the target holds (and the deletes the batch carries). Reruns update rather than append;
 * a batch with nothing new leaves the target's version as it is.
 */
public final class PublishStep {
  private final RunScope scope;
  private final boolean allowEmpty;

  /**
   * @param allowEmpty a snapshot pipeline may empty a partition whose folder is empty or missing
   */
  public PublishStep(RunScope scope, boolean allowEmpty) {
    this.scope = scope;
    this.allowEmpty = allowEmpty;
  }

  public Published publish(Staged staged) {
    PipelineConfig pipeline = scope.pipeline();
    StageResult s = staged.result();
    TargetTable target = scope.target();
    if (s.rowsToPublish() == 0 && !pipeline.deletes().deleteMissing()) {
      scope.listener().stageFinished("publish", 0, "nothing to publish");
      return nothing(s.rowsUnchanged(), target.version().orElse(-1L), tableId());
    }
    requireStaging(s);
    StageClock clock = StageClock.start(scope.listener(), "publish");
    scope.lock().checkHeld();
    scope.reached(StageHooks.Point.BEFORE_MERGE);
    // Another run of this JVM may commit to the target meanwhile; when its files overlap what
    // this MERGE read, Delta fails this one, and it is done again on the new version.
    PublishCounts result =
        new ConflictRetry(scope.config().settings().conflicts())
            .call(
                "publish run " + scope.runId() + " to " + pipeline.target(),
                () ->
                    MergeExecutor.publish(
                            scope.spark(),
                            MergeSpec.of(pipeline, scope.runId(), s),
                            DeleteContext.forRun(scope, staged.plan(), allowEmpty))
                        .plusUnchanged(s.rowsUnchanged()));
    Optional<String> tableId = tableId();
    long millis = clock.finish(line(result));
    return new Published(result, tableId, Optional.of(millis));
  }

  /**
   * What a run that merges nothing records: the target's version as it found it (-1 when there is
   * no target), before and after, and the rows it left unchanged.
   */
  public static Published nothing(long rowsUnchanged, long version, Optional<String> tableId) {
    return new Published(
        new PublishCounts(false, 0, 0, 0, rowsUnchanged, 0, 0, 0, version, version, 0),
        tableId,
        Optional.empty());
  }

  private Optional<String> tableId() {
    return scope.target().identity().map(TargetTable.Identity::id);
  }

  private void requireStaging(StageResult s) {
    if (s.rowsToPublish() > 0 && !new TargetTable(scope.spark(), s.stagingPath()).exists()) {
      throw new IllegalStateException(
          "The staging table of run "
              + scope.runId()
              + " is gone ("
              + s.stagingPath()
              + "): it held the "
              + s.rowsToPublish()
              + " rows this run staged, and nothing was published. Was it deleted by hand or"
              + " by another process? Run the same command again");
    }
  }

  private static String line(PublishCounts result) {
    return String.format(
        "%,d inserted, %,d updated, %,d deleted, %,d unchanged, %,d older than the target;%s %s",
        result.inserted(),
        result.updated(),
        result.deleted(),
        result.unchanged(),
        result.stale(),
        PublishCounts.nothingToDelete(result.nothingToDelete()),
        result.merged()
            ? "target version " + result.versionBefore() + " -> " + result.versionAfter()
            : "nothing new, no MERGE, target version stays " + result.versionBefore());
  }
}

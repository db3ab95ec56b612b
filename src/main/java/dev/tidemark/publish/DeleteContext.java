package dev.tidemark.publish;

import dev.tidemark.config.DeleteConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.control.RunScope;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.plan.RunPlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a publish needs to delete: the pipeline's delete settings, where the tombstones and the
 * snapshot coverage live, the run's clock instant (tombstone retention is measured with it),
 * whether the user allowed emptying partitions ({@code run --allow-empty}), and the run's planned
 * folders.
 */
public record DeleteContext(
    DeleteConfig config,
    Optional<ControlStore> tables,
    Instant now,
    boolean allowEmpty,
    List<FolderPlan> folders) {
  public DeleteContext {
    folders = List.copyOf(folders);
  }

  /** A publish that never deletes: no tombstones, no snapshot. */
  /** What a run's MERGE may delete: tombstones, and for a snapshot pipeline the keys it lost. */
  public static DeleteContext forRun(RunScope scope, RunPlan plan, boolean allowEmpty) {
    return new DeleteContext(
        scope.pipeline().deletes(),
        Optional.of(scope.tables()),
        scope.clock().instant(),
        allowEmpty,
        plan.folders());
  }

  public static DeleteContext none() {
    return new DeleteContext(
        DeleteConfig.none(), Optional.empty(), Instant.now(), false, List.of());
  }

  public boolean deletes() {
    return config.deletes() && tables.isPresent();
  }

  public ControlStore controlTables() {
    return tables.orElseThrow(() -> new IllegalStateException("Cannot delete: no control tables"));
  }

  /**
   * The folders this run re-delivers: read now, or gone since they were published. A snapshot
   * folder among them speaks for the partitions it last delivered.
   */
  public List<FolderPlan> deliveredOrGone() {
    return folders.stream()
        .filter(
            f ->
                f.action() == FolderAction.READ_ALL
                    || f.action() == FolderAction.READ_NEW_FILES
                    || f.action() == FolderAction.MISSING)
        .toList();
  }
}

package dev.tidemark.commit;

import dev.tidemark.audit.AuditResult;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.IntervalStatus;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunRecord.ReconcileCounts;
import dev.tidemark.control.RunScope;
import dev.tidemark.control.RunStatus;
import dev.tidemark.publish.Published;
import dev.tidemark.reconcile.ReconcileResult;
import dev.tidemark.report.ThresholdBreach;
import dev.tidemark.report.Thresholds;
import dev.tidemark.runtime.RunningRuns;
import dev.tidemark.runtime.StepTimes;
import dev.tidemark.runtime.Tidemark;
import dev.tidemark.stage.Staged;
import dev.tidemark.table.DeltaLogs;
import dev.tidemark.table.TargetTable;
import dev.tidemark.table.UnreadableLogException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the run row a run ends with, built from the results of the steps it finished: succeeded or
 * breached after its commit, rejected by its audit, failed or interrupted anywhere.
 */
public final class Closing {
  private static final Logger LOG = LoggerFactory.getLogger(Closing.class);

  private final RunScope scope;

  public Closing(RunScope scope) {
    this.scope = scope;
  }

  /** The row of a run in progress, written as it starts. */
  public RunRecord started(RunSoFar so) {
    return row(so, RunStatus.RUNNING, Optional.empty());
  }

  /** A committed run: succeeded, or breached when reconciliation or a threshold breached. */
  public RunRecord committed(RunSoFar so) {
    boolean breached = so.reconciled().breached();
    RunRecord done =
        StepTimes.timed(
            "judge", () -> judge(so, row(so, RunStatus.SUCCEEDED, Optional.empty()), breached));
    StepTimes.timed("write run row", () -> scope.runLog().write(done));
    if (!breached) {
      StepTimes.timed("delete staging", this::deleteStaging);
    }
    return done;
  }

  /** An error check failed: nothing is published, the staging table stays for inspection. */
  public RunRecord rejected(RunSoFar so) {
    AuditResult result = so.audited().result().orElseThrow();
    RunRecord rejected =
        row(so, RunStatus.REJECTED, Optional.of(result.rejection(scope.stagingPath())))
            .withBreaches(result.breaches());
    scope.runLog().write(rejected);
    return rejected;
  }

  /**
   * A run that failed, or was stopped by SIGTERM or SIGINT, after its run row was written. What it
   * published stays, marked unverified, so the next run reads those landing dates again. When the
   * row cannot be written, the run's own error is thrown with that failure suppressed.
   */
  public RunRecord failed(RunSoFar so, Throwable error) {
    // The command line prints the cause chain's messages; the stack is for --verbose.
    LOG.debug("Run {} of {} failed", scope.runId(), scope.pipeline().name(), error);
    boolean interrupted = RunningRuns.stopping();
    if (interrupted) {
      // The interrupt that woke this thread must not fail the writes that record it.
      Thread.interrupted();
    }
    try {
      boolean published = published(so, interrupted);
      if (published) {
        // The target holds this run's rows; say so, and make the next run read them again.
        scope
            .ledger()
            .write(
                scope.pipeline().name(),
                CommitStep.readFolders(scope, so, IntervalStatus.UNVERIFIED));
      }
      String message = interrupted ? interruption(so, published) : failure(so, error);
      RunRecord failed =
          row(so, interrupted ? RunStatus.INTERRUPTED : RunStatus.FAILED, Optional.of(message));
      scope.runLog().write(failed);
      return failed;
    } catch (RuntimeException secondary) {
      error.addSuppressed(secondary);
      if (error instanceof Error fatal) {
        throw fatal;
      }
      if (error instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      throw new IllegalStateException(describe(error), error);
    }
  }

  /**
   * True when the target holds this run's rows. A MERGE interrupted as it returned may have
   * committed without this run seeing its result: the target's history says.
   */
  private boolean published(RunSoFar so, boolean interrupted) {
    return so.merged()
        || interrupted
            && so.published().isEmpty()
            && so.publishing()
            && scope.target().findCommit(scope.runId(), TargetTable.HISTORY_DEPTH).isPresent();
  }

  private static String interruption(RunSoFar so, boolean published) {
    return "interrupted: the process was asked to stop (SIGTERM or SIGINT) "
        + (so.marksMoved()
            ? "after the watermarks had moved: the run's work is done"
            : published
                ? "after publishing; its landing dates are marked unverified and the"
                    + " next run reads them again"
                : "before publish; the target was not changed");
  }

  private static String failure(RunSoFar so, Throwable error) {
    return describe(error)
        + (so.marksMoved() ? " (after the watermarks had moved: the run's work is done)" : "");
  }

  /** The message a user sees for a failed run: the cause chain's messages, no stack. */
  public static String describe(Throwable error) {
    Optional<UnreadableLogException> unreadable = DeltaLogs.unreadable(error);
    if (unreadable.isPresent()) {
      return unreadable.get().getMessage();
    }
    StringBuilder text = new StringBuilder();
    Throwable t = error;
    while (t != null && text.length() < 2000) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      message = message.lines().findFirst().orElse(message);
      if (text.indexOf(message) < 0) {
        if (text.length() > 0) {
          text.append(": ");
        }
        text.append(message);
      }
      t = t.getCause();
    }
    return text.toString();
  }

  /**
   * The finished run checked against the thresholds: any breach makes it "breached", with the
   * reconciliation's breach first in the error, then each threshold with its value and limit.
   */
  private RunRecord judge(RunSoFar so, RunRecord finished, boolean reconcileBreached) {
    PipelineConfig pipeline = scope.pipeline();
    // Only the runtime threshold looks at earlier runs; without it, the runs table is not read.
    int window = Math.max(200, 2 * pipeline.thresholds().runtimeWindow());
    List<RunRecord> earlier =
        pipeline.thresholds().maxRuntimeP95Multiple() <= 0
            ? List.of()
            : scope.runLog().recent(pipeline.name(), window).stream()
                .filter(r -> !r.runId().equals(scope.runId()))
                .toList();
    List<ThresholdBreach> breaches = Thresholds.forRun(pipeline, finished, earlier);
    // Late files beyond the bound were not read: an alert, never a silent skip.
    Optional<String> late = so.plan().lateFiles().breach(pipeline.name());
    if (breaches.isEmpty() && !reconcileBreached && late.isEmpty()) {
      return finished;
    }
    List<String> messages = new ArrayList<>();
    so.reconciled()
        .result()
        .flatMap(ReconcileResult::breach)
        .ifPresent(b -> messages.add("reconciliation breached: " + b));
    breaches.stream()
        .filter(b -> !reconcileBreached || !Thresholds.holdsWatermarks(b))
        .forEach(b -> messages.add(b.message()));
    late.ifPresent(messages::add);
    List<String> breached =
        new ArrayList<>(breaches.stream().map(ThresholdBreach::message).toList());
    late.ifPresent(breached::add);
    return finished
        .withStatus(
            RunStatus.BREACHED,
            Optional.of(String.join("; ", messages)),
            finished.endedAt().orElseThrow())
        .withBreaches(breached);
  }

  /** The run row, from the results of the steps the run finished. */
  private RunRecord row(RunSoFar so, RunStatus status, Optional<String> error) {
    Instant now = scope.clock().instant();
    return new RunRecord(
        scope.runId(),
        scope.pipeline().name(),
        so.plan().mode(),
        so.plan().range().from(),
        so.plan().range().to(),
        status,
        error,
        so.startedAt(),
        status == RunStatus.RUNNING ? Optional.empty() : Optional.of(now),
        so.stageMs(),
        so.plan().folders(),
        so.staged().flatMap(Staged::counts),
        so.published().map(Published::counts),
        so.reconciled().result().map(Closing::reconcileCounts),
        status == RunStatus.RUNNING
            ? Optional.empty()
            : Optional.of(
                so.marks()
                    .map(Committed::move)
                    .orElseGet(() -> CommitStep.move(scope, so.before(), so.before()))),
        Tidemark.version(),
        scope.config().configHash(),
        List.of(),
        so.published().flatMap(Published::tableId));
  }

  private static ReconcileCounts reconcileCounts(ReconcileResult r) {
    return new ReconcileCounts(
        r.missing(), r.extra(), r.mismatched(), r.targetDuplicateKeys(), r.targetRows());
  }

  private void deleteStaging() {
    Path path = new Path(scope.stagingPath());
    try {
      path.getFileSystem(scope.spark().sparkContext().hadoopConfiguration()).delete(path, true);
    } catch (IOException e) {
      LOG.warn("Cannot delete staging table {}: {}", path, e.getMessage());
    }
  }
}

package dev.tidemark.commit;

import dev.tidemark.audit.AuditResult;
import dev.tidemark.control.IntervalStatus;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunScope;
import dev.tidemark.control.RunStatus;
import dev.tidemark.runtime.RunningRuns;
import dev.tidemark.runtime.StepTimes;
import dev.tidemark.table.DeltaLogs;
import dev.tidemark.table.TargetTable;
import dev.tidemark.table.UnreadableLogException;
import java.io.IOException;
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
  private final RunRows rows;

  public Closing(RunScope scope) {
    this.scope = scope;
    this.rows =
        new RunRows(
            scope.runId(),
            scope.config(),
            scope.clock(),
            window -> scope.runLog().recent(scope.pipeline().name(), window));
  }

  /** The row of a run in progress, written as it starts. */
  public RunRecord started(RunSoFar so) {
    return rows.row(so, RunStatus.RUNNING, Optional.empty());
  }

  /** A committed run: succeeded, or breached when reconciliation or a threshold breached. */
  public RunRecord committed(RunSoFar so) {
    boolean breached = so.reconciled().breached();
    RunRecord done = StepTimes.timed("judge", () -> rows.committed(so));
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
        rows.row(so, RunStatus.REJECTED, Optional.of(result.rejection(scope.stagingPath())))
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
          rows.row(
              so, interrupted ? RunStatus.INTERRUPTED : RunStatus.FAILED, Optional.of(message));
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

  private void deleteStaging() {
    Path path = new Path(scope.stagingPath());
    try {
      path.getFileSystem(scope.spark().sparkContext().hadoopConfiguration()).delete(path, true);
    } catch (IOException e) {
      LOG.warn("Cannot delete staging table {}: {}", path, e.getMessage());
    }
  }
}

package dev.tidemark.control;

import dev.tidemark.plan.FolderPlan;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repair step at the start of a run: closes the runs of this pipeline that a dead process left
 * "running". Which writes it got through decides how: a run whose watermark write landed did
 * everything but its last row (succeeded); a run whose MERGE is in the target's history changed the
 * target, so its landing dates are recorded unverified, to be read and checked again by the next
 * run; any other run never touched the target.
 */
final class Repair {
  private static final Logger LOG = LoggerFactory.getLogger(Repair.class);

  private final RunLog runs;
  private final WatermarkStore watermarks;
  private final IntervalLedger intervals;
  private final Clock clock;

  public Repair(RunLog runs, WatermarkStore watermarks, IntervalLedger intervals, Clock clock) {
    this.runs = runs;
    this.watermarks = watermarks;
    this.intervals = intervals;
    this.clock = clock;
  }

  /**
   * @param unfinished the pipeline's runs whose row still says running
   * @param active run ids running in this JVM right now, left alone
   * @param publishedVersion finds the target version a run's MERGE committed, if any
   * @return the runs it closed, as they are now stored
   */
  public List<RunRecord> repair(
      String pipeline,
      List<RunRecord> unfinished,
      Set<String> active,
      Function<String, Optional<Long>> publishedVersion) {
    List<RunRecord> closed = new java.util.ArrayList<>();
    for (RunRecord run : unfinished) {
      if (active.contains(run.runId())) {
        continue;
      }
      RunRecord repaired = close(run, publishedVersion.apply(run.runId()));
      runs.write(repaired);
      LOG.warn(
          "Repaired run {}: {}", run.runId(), repaired.error().orElse(repaired.status().label()));
      closed.add(repaired);
    }
    return closed;
  }

  private RunRecord close(RunRecord run, Optional<Long> version) {
    Watermark watermark = watermarks.read(run.pipeline());
    if (watermark.runId().filter(run.runId()::equals).isPresent()) {
      return run.withStatus(
          RunStatus.SUCCEEDED,
          Optional.of("closed by repair: the process died after moving the watermarks"),
          clock.instant());
    }
    if (version.isPresent()) {
      List<Interval> unverified =
          run.plan().stream()
              .filter(FolderPlan::isRead)
              .map(
                  f ->
                      Interval.published(
                          run.pipeline(),
                          f.folder(),
                          IntervalStatus.UNVERIFIED,
                          run.configHash(),
                          run.runId(),
                          clock.instant(),
                          Map.of()))
              .toList();
      intervals.write(run.pipeline(), unverified);
      return run.withStatus(
          RunStatus.INTERRUPTED,
          Optional.of(
              "interrupted after publishing target version "
                  + version.get()
                  + "; its landing dates are marked unverified and the next run reads them again"),
          clock.instant());
    }
    return run.withStatus(
        RunStatus.INTERRUPTED,
        Optional.of("interrupted before publish; the target was not changed"),
        clock.instant());
  }
}

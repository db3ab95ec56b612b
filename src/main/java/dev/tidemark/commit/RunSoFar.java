package dev.tidemark.commit;

import dev.tidemark.audit.Audited;
import dev.tidemark.control.Watermark;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.publish.Published;
import dev.tidemark.reconcile.Reconciled;
import dev.tidemark.stage.Staged;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The results of the steps a run has finished, in order; each step adds its own and the run row is
 * built from them, whatever step the run ends in.
 *
 * @param before the watermarks as the run found them
 * @param publishing the publish step has begun: from then on the target may hold this run's rows
 * @param marks what the commit wrote of the interval ledger and the watermarks, once it did
 */
public record RunSoFar(
    RunPlan plan,
    Instant startedAt,
    Watermark before,
    Map<String, Long> stageMs,
    Optional<Staged> staged,
    Audited audited,
    boolean publishing,
    Optional<Published> published,
    Reconciled reconciled,
    Optional<Committed> marks) {

  public RunSoFar {
    stageMs = Map.copyOf(stageMs);
  }

  /** A run that has its plan and nothing else. */
  public static RunSoFar planned(RunPlan plan, Instant startedAt, Watermark before, long planMs) {
    return new RunSoFar(
        plan,
        startedAt,
        before,
        Map.of("plan", planMs),
        Optional.empty(),
        Audited.NONE,
        false,
        Optional.empty(),
        Reconciled.NONE,
        Optional.empty());
  }

  public RunSoFar withStaged(Staged s) {
    return new RunSoFar(
        s.plan(),
        startedAt,
        before,
        timed("stage", s.millis()),
        Optional.of(s),
        audited,
        publishing,
        published,
        reconciled,
        marks);
  }

  public RunSoFar withAudited(Audited a) {
    return new RunSoFar(
        plan,
        startedAt,
        before,
        timed("audit", a.millis()),
        staged,
        a,
        publishing,
        published,
        reconciled,
        marks);
  }

  public RunSoFar publishStarted() {
    return new RunSoFar(
        plan, startedAt, before, stageMs, staged, audited, true, published, reconciled, marks);
  }

  public RunSoFar withPublished(Published p) {
    return new RunSoFar(
        plan,
        startedAt,
        before,
        timed("publish", p.millis()),
        staged,
        audited,
        publishing,
        Optional.of(p),
        reconciled,
        marks);
  }

  public RunSoFar withReconciled(Reconciled r) {
    return new RunSoFar(
        plan,
        startedAt,
        before,
        timed("reconcile", r.millis()),
        staged,
        audited,
        publishing,
        published,
        r,
        marks);
  }

  RunSoFar withMarks(Committed committed) {
    return new RunSoFar(
        plan,
        startedAt,
        before,
        timed("commit", Optional.of(committed.millis())),
        staged,
        audited,
        publishing,
        published,
        reconciled,
        Optional.of(committed));
  }

  /** True when the watermarks were written: the run's work is done. */
  boolean marksMoved() {
    return marks.map(Committed::moved).orElse(false);
  }

  /** True when the MERGE committed this run's rows. */
  boolean merged() {
    return published.map(p -> p.counts().merged()).orElse(false);
  }

  private Map<String, Long> timed(String stage, Optional<Long> millis) {
    if (millis.isEmpty()) {
      return stageMs;
    }
    Map<String, Long> times = new LinkedHashMap<>(stageMs);
    times.put(stage, millis.get());
    return times;
  }
}

package dev.tidemark.runtime;

/**
 * Times one stage of a run and tells the listener when it starts and ends, with its one-line
 * summary: the terminal's progress and the run row's per-stage times come from the same clock.
 */
public final class StageClock {
  private final RunListener listener;
  private final String stage;
  private final long startNanos;

  private StageClock(RunListener listener, String stage) {
    this.listener = listener;
    this.stage = stage;
    this.startNanos = System.nanoTime();
  }

  public static StageClock start(RunListener listener, String stage) {
    listener.stageStarted(stage);
    return new StageClock(listener, stage);
  }

  /** Ends the stage; returns its time in milliseconds. */
  public long finish(String summary) {
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    listener.stageFinished(stage, millis, summary);
    return millis;
  }
}

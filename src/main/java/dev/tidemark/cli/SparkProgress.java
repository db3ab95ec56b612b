package dev.tidemark.cli;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts the Spark tasks submitted and finished while it is registered: how far a long stage has
 * got. Spark submits its jobs one after another, so the total grows as a stage goes on.
 */
final class SparkProgress extends SparkListener implements AutoCloseable {
  private final SparkContext context;
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong finished = new AtomicLong();
  private final AtomicInteger sparkStages = new AtomicInteger();

  private SparkProgress(SparkContext context) {
    this.context = context;
  }

  static SparkProgress register(SparkContext context) {
    SparkProgress progress = new SparkProgress(context);
    context.addSparkListener(progress);
    return progress;
  }

  /** What has been counted so far. */
  record Snapshot(long tasksFinished, long tasksSubmitted, int sparkStages) {}

  Snapshot snapshot() {
    return new Snapshot(finished.get(), submitted.get(), sparkStages.get());
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    sparkStages.incrementAndGet();
    submitted.addAndGet(event.stageInfo().numTasks());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    finished.incrementAndGet();
  }

  @Override
  public void close() {
    context.removeSparkListener(this);
  }
}

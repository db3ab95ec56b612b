package dev.tidemark.testing;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The Spark jobs, stages and tasks the test JVM ran, and the CPU time it used: a measure of a
 * suite's work that a busy machine skews far less than wall time does. Appended to
 * target/spark-work.log when the JVM exits (surefire no longer reads its output by then).
 */
final class SparkWork extends SparkListener {
  private final AtomicLong jobs = new AtomicLong();
  private final AtomicLong stages = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    jobs.incrementAndGet();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    stages.incrementAndGet();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    tasks.incrementAndGet();
  }

  void report() {
    try {
      Files.writeString(
          Path.of("target", "spark-work.log"),
          Instant.now() + " " + this + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("Spark work: " + this);
    }
  }

  @Override
  public String toString() {
    long cpu =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    return String.format(
        "%d jobs, %d stages, %d tasks, JVM CPU %d s",
        jobs.get(), stages.get(), tasks.get(), cpu / 1_000_000_000);
  }
}

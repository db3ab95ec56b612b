package dev.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.TestSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What a long run prints while it works: stage lines, and Spark task progress in between. Isolated:
 * the progress counts every task of the shared SparkContext, so no other test class may run jobs
 * meanwhile.
 */
@Isolated
class ConsoleListenerTest {
  @Test
  void aLongStagePrintsProgressWithTheSparkTasksDone() throws Exception {
    SparkSession spark = TestSpark.session();
    // Earlier test classes' task ends, still on the listener bus, must not count here.
    spark.sparkContext().listenerBus().waitUntilEmpty(Duration.ofSeconds(10).toMillis());
    StringWriter text = new StringWriter();
    AtomicLong nanos = new AtomicLong();
    try (ConsoleListener console =
        new ConsoleListener(
            new PrintWriter(text, true),
            SparkProgress.register(spark.sparkContext()),
            Duration.ZERO, // no timer: the test prints the progress line itself
            false,
            nanos::get)) {
      console.stageStarted("stage");
      assertThat(spark.range(0, 4, 1, 4).javaRDD().count()).isEqualTo(4);
      // The listener bus delivers task ends asynchronously: the line must see all four.
      spark.sparkContext().listenerBus().waitUntilEmpty(Duration.ofSeconds(10).toMillis());
      nanos.addAndGet(Duration.ofSeconds(3).toNanos());
      console.tick();
      console.stageFinished("stage", 1234, "4 rows staged");
    }
    assertThat(text.toString().lines())
        .containsExactly(
            "stage      ...",
            "stage      ... 3 s: 4 of 4 Spark tasks done (1 Spark stage so far)",
            "stage      4 rows staged (1.2 s)");
  }

  @Test
  void onATerminalTheProgressLineIsRewrittenInPlaceAndClearedAtTheStageEnd() throws Exception {
    SparkSession spark = TestSpark.session();
    // Earlier test classes' task ends, still on the listener bus, must not count here.
    spark.sparkContext().listenerBus().waitUntilEmpty(Duration.ofSeconds(10).toMillis());
    StringWriter text = new StringWriter();
    AtomicLong nanos = new AtomicLong();
    try (ConsoleListener console =
        new ConsoleListener(
            new PrintWriter(text, true),
            SparkProgress.register(spark.sparkContext()),
            Duration.ZERO,
            true,
            nanos::get)) {
      console.stageStarted("publish");
      console.tick();
      nanos.addAndGet(Duration.ofSeconds(61).toNanos());
      console.tick();
      console.stageFinished("publish", 61_000, "nothing to publish");
    }
    String nl = System.lineSeparator();
    assertThat(text.toString())
        .isEqualTo(
            "publish    ..."
                + nl
                + "\rpublish    ... 0 s: no Spark task started yet, working in the driver"
                + "\rpublish    ... 61 s: no Spark task started yet, working in the driver"
                + "\r\033[K"
                + "publish    nothing to publish (61.0 s)"
                + nl);
  }

  @Test
  void noProgressLineOutsideAStage() throws Exception {
    SparkSession spark = TestSpark.session();
    StringWriter text = new StringWriter();
    try (ConsoleListener console =
        new ConsoleListener(
            new PrintWriter(text, true),
            SparkProgress.register(spark.sparkContext()),
            Duration.ZERO,
            false,
            () -> 0L)) {
      console.tick();
      console.stageStarted("stage");
      console.stageFinished("stage", 10, "done");
      console.tick();
    }
    assertThat(text.toString().lines())
        .containsExactly("stage      ...", "stage      done (0.0 s)");
  }

  @Test
  void withoutProgressOnlyStageLinesArePrinted() {
    StringWriter text = new StringWriter();
    try (ConsoleListener console = new ConsoleListener(new PrintWriter(text, true))) {
      console.stageStarted("publish");
      console.stageFinished("publish", 50, "nothing to publish");
    }
    assertThat(text.toString().lines())
        .containsExactly("publish    ...", "publish    nothing to publish (0.1 s)");
  }
}

package dev.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.TestSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
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
    StringWriter text = new StringWriter();
    try (ConsoleListener console =
        new ConsoleListener(
            new PrintWriter(text, true),
            SparkProgress.register(spark.sparkContext()),
            Duration.ofMillis(100),
            false)) {
      console.stageStarted("stage");
      long rows =
          spark
              .range(0, 4, 1, 4)
              .javaRDD()
              .map(
                  id -> {
                    Thread.sleep(400);
                    return id;
                  })
              .count();
      assertThat(rows).isEqualTo(4);
      // The listener bus delivers task ends asynchronously: wait for a line that saw all four.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!text.toString().contains("4 of 4 Spark tasks done") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      console.stageFinished("stage", 1234, "4 rows staged");
    }
    String out = text.toString();
    assertThat(out.lines().findFirst()).contains("stage      ...");
    assertThat(out).contains("4 of 4 Spark tasks done (1 Spark stages so far)");
    assertThat(out.lines().reduce((a, b) -> b)).contains("stage      4 rows staged (1.2 s)");
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

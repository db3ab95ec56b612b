package dev.tidemark.stage;

import dev.tidemark.spark.BackgroundTask;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;

/**
 * Runs the source drift check beside the stage pass instead of before it. The check is a Spark job
 * of its own over every file (for JSON, schema inference over every line); run first, it kept both
 * cores busy for seconds, while the stage pass leaves cores idle whenever it plans, waits on the
 * last tasks of a Spark stage or commits to Delta. Side by side, the check's tasks fill those gaps.
 *
 * <p>The verdict still comes before anything anyone else can see: the stage pass writes only this
 * run's staging table, and the caller writes quarantine and publishes only after {@link #run}
 * returns. When the check refuses the files, the stage pass's Spark jobs are cancelled and the
 * check's error is the run's, whatever the stage pass threw meanwhile.
 */
final class ConcurrentDriftCheck {
  /** What the stage pass returned and what the drift check let through. */
  record Checked<T>(T staged, List<String> ignoredColumns) {}

  private ConcurrentDriftCheck() {}

  static <T> Checked<T> run(SparkContext spark, Supplier<List<String>> check, Supplier<T> stage) {
    String tag = "tidemark-stage-" + UUID.randomUUID();
    // Started before the tag is added: Spark's thread-local properties pass to the task's thread
    // as they are at its start, and the check's own jobs must not carry the stage pass's tag.
    BackgroundTask<List<String>> verdict =
        BackgroundTask.start(
            "drift check",
            () -> {
              try {
                return check.get();
              } catch (Exception | Error e) {
                spark.cancelJobsWithTag(tag);
                throw e;
              }
            });
    spark.addJobTag(tag);
    T staged;
    try {
      staged = stage.get();
    } catch (Exception | Error e) { // Spark's checked exceptions are thrown undeclared
      // A refused drift is the cause to report, and what cancelled the stage pass if it did. The
      // check's error comes as the check threw it, as it would have running alone.
      try {
        verdict.result();
      } catch (Exception | Error checkError) {
        checkError.addSuppressed(e);
        throw checkError;
      }
      throw e;
    } finally {
      spark.removeJobTag(tag);
    }
    return new Checked<>(staged, verdict.result());
  }
}

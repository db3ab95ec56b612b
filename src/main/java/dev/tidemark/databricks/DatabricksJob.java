package dev.tidemark.databricks;

import dev.tidemark.cli.CliContext;
import dev.tidemark.cli.ExitCodes;
import dev.tidemark.cli.TidemarkCli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The entry point of a Databricks job ({@code spark_jar_task}): the same command line as {@link
 * TidemarkCli}, e.g. {@code run orders --conf-dir /Volumes/main/tidemark/conf --profile
 * databricks}, run in the session the Databricks runtime made.
 *
 * <p>The runtime owns the JVM and the session: this class never builds a session, never adds Spark
 * or Delta settings, never stops the session and never exits the JVM itself (Databricks treats an
 * exit as a failed run and may lose the output). A non-zero exit code becomes a {@link
 * TidemarkJobFailedException} whose message is what the command printed on stderr, which is what
 * the job's run page shows.
 */
public final class DatabricksJob {
  static final String NO_SESSION =
      "Cannot find an active SparkSession: dev.tidemark.databricks.DatabricksJob is the entry"
          + " point for Databricks jobs (spark_jar_task), where the runtime provides the session."
          + " Elsewhere run dev.tidemark.cli.TidemarkCli (scripts/tidemark locally, or"
          + " spark-submit --class dev.tidemark.cli.TidemarkCli).";

  private DatabricksJob() {}

  public static void main(String[] args) {
    SparkSession session =
        runtimeSession().orElseThrow(() -> new IllegalStateException(NO_SESSION));
    run(args, session);
  }

  /**
   * Runs one command in {@code session}; returns normally on exit code 0, throws {@link
   * TidemarkJobFailedException} otherwise. Standard output goes to {@code System.out} as it is
   * printed, so long runs show their progress in the driver log.
   */
  static void run(String[] args, SparkSession session) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    TeeWriter errors = new TeeWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8));
    CliContext context =
        new CliContext(
            out, new PrintWriter(errors, true), Clock.systemUTC(), settings -> session, false);
    int code = TidemarkCli.execute(args, context);
    if (code != ExitCodes.OK) {
      throw new TidemarkJobFailedException(code, failureMessage(code, errors.copied()));
    }
  }

  /**
   * The session the runtime made: the thread's active one, else the JVM's default one. Neither
   * lookup creates a session.
   */
  static Optional<SparkSession> runtimeSession() {
    Optional<SparkSession> active = optional(SparkSession.getActiveSession());
    return active.isPresent() ? active : optional(SparkSession.getDefaultSession());
  }

  /** Stderr without its final line break; a command that printed nothing still says something. */
  static String failureMessage(int code, String stderr) {
    String message = stderr.stripTrailing();
    return message.isEmpty()
        ? "tidemark exited with code " + code + " and printed nothing on stderr"
        : message;
  }

  private static Optional<SparkSession> optional(scala.Option<SparkSession> option) {
    return option.isDefined() ? Optional.of(option.get()) : Optional.empty();
  }
}

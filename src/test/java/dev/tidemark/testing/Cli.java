package dev.tidemark.testing;

import dev.tidemark.cli.CliContext;
import dev.tidemark.cli.TidemarkCli;
import dev.tidemark.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** Runs the command line in this JVM, on the shared session, against a workspace's conf/. */
public final class Cli {
  private Cli() {}

  /** What a command printed and the exit code it returned. */
  public record Result(int exitCode, String out, String err) {}

  public static Result run(Workspace ws, Clock clock, String... args) {
    return run(ws, "test", settings -> TestSpark.session(), clock, args);
  }

  /** With another profile of the workspace's conf/, and the sessions commands get. */
  public static Result run(
      Workspace ws,
      String profile,
      Function<Settings, SparkSession> sessions,
      Clock clock,
      String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--conf-dir=" + ws.conf);
    all.add("--profile=" + profile);
    int code =
        TidemarkCli.execute(
            all.toArray(String[]::new),
            new CliContext(
                new PrintWriter(out, true), new PrintWriter(err, true), clock, sessions));
    return new Result(code, out.toString(), err.toString());
  }
}

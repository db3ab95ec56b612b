package dev.tidemark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The spark-submit command line scripts/submit builds, for every command: with SPARK_SUBMIT set to
 * a printer of its arguments, the script's whole work is that command line (that it runs on a real
 * cluster is SparkSubmitIT's, and without a Spark installation SubmitWithoutSparkIT's).
 */
class SubmitScriptTest {
  private static final Path CONF = Path.of("conf").toAbsolutePath();

  private record Result(int exitCode, List<String> args, String err) {}

  @Test
  void clusterModeShipsTheProfileAndThePipelinesFileForEveryCommandThatNamesOne() throws Exception {
    for (List<String> command :
        List.of(
            List.of("run", "orders", "--from", "2026-01-01", "--to", "2026-01-02"),
            List.of("maintain", "orders"),
            List.of("rollback", "orders", "--run", "r-1"),
            List.of("quarantine", "replay", "orders"),
            List.of("show", "orders", "--limit", "5"),
            List.of("reconcile", "orders"))) {
      Result submitted = submit("spark://host:7077", "cluster", command);

      assertThat(submitted.exitCode()).as("%s: %s", command, submitted.err()).isZero();
      List<String> args = submitted.args();
      assertThat(args)
          .as("%s", command)
          .containsSubsequence(
              "--files",
              CONF.resolve("cluster.conf") + "," + CONF.resolve("pipelines/orders.conf"));
      // The driver gets the pipeline's file as a path where the command names the pipeline.
      List<String> expected = new ArrayList<>(command);
      expected.set(expected.indexOf("orders"), "orders.conf");
      expected.addAll(List.of("--conf-dir", ".", "--profile", "cluster"));
      assertThat(args.subList(args.indexOf("/tmp/tidemark-cluster.jar") + 1, args.size()))
          .as("%s", command)
          .isEqualTo(expected);
    }
  }

  @Test
  void theProfileIsLocalForALocalMasterAndClusterForAClusterOne() throws Exception {
    Result local = submit("local[2]", null, List.of("run", "orders"));
    assertThat(local.args()).endsWith("--conf-dir", CONF.toString(), "--profile", "local");

    Result cluster = submit("yarn", null, List.of("maintain", "orders"));
    assertThat(cluster.args()).endsWith("--conf-dir", CONF.toString(), "--profile", "cluster");
    // Client mode: the driver reads the configuration here, nothing is shipped.
    assertThat(cluster.args()).doesNotContain("--files");
  }

  @Test
  void clusterModeWithoutAPipelineForStatusSaysToNameOne() throws Exception {
    Result status = submit("yarn", "cluster", List.of("status"));

    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.err()).contains("in cluster mode, name the pipeline (status <pipeline>)");
  }

  /** scripts/submit --master MASTER [--deploy-mode MODE] -- COMMAND --conf-dir conf. */
  private static Result submit(String master, String mode, List<String> command) throws Exception {
    List<String> line = new ArrayList<>(List.of("scripts/submit", "--master", master));
    if (mode != null) {
      line.addAll(List.of("--deploy-mode", mode));
    }
    line.add("--");
    line.addAll(command);
    line.addAll(List.of("--conf-dir", CONF.toString()));
    ProcessBuilder builder = new ProcessBuilder(line);
    builder.environment().put("SPARK_SUBMIT", "printf %s\\n");
    builder.environment().put("TIDEMARK_JAR", "/tmp/tidemark-cluster.jar");
    builder.environment().remove("TIDEMARK_PROFILE");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError("Cannot run scripts/submit", e);
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out.lines().toList(), err);
  }
}

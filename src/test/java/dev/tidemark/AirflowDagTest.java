package dev.tidemark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.CliArguments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow example in jobs/airflow. Airflow itself cannot be installed by the build (this
 * machine reaches no Python package index), so the DAG file is compiled, its settings read from its
 * syntax tree, and its plain-Python half ({@code tidemark_commands.py}) run with python3: the
 * command lines the tasks run, and which exit codes are retried.
 */
class AirflowDagTest {
  private static final Path AIRFLOW = Path.of("jobs/airflow");

  /** Prints, as JSON, what the DAG folder decides; runs with the DAG folder on sys.path. */
  private static final String PROBE =
      """
      import ast, json, sys
      import tidemark_commands as t

      class Raised(Exception):
          pass
      class Retried(Raised):
          pass
      class Final(Raised):
          pass

      def outcome(code):
          try:
              t.run(["sh", "-c", "exit %d" % code], cwd=".", on_retried=Retried, on_final=Final)
              return "ok"
          except Raised as e:
              return type(e).__name__ + ": " + str(e)

      tree = ast.parse(open("tidemark_dag.py").read())
      settings = {}
      for node in tree.body:
          if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
              name, value = node.targets[0].id, node.value
              if isinstance(value, ast.Call) and getattr(value.func, "attr", "") == "get":
                  settings[name] = [ast.literal_eval(a) for a in value.args]
              elif isinstance(value, ast.Dict):
                  settings[name] = {ast.literal_eval(k): ast.unparse(v) for k, v in zip(value.keys, value.values)}
      print(json.dumps({
          "settings": settings,
          "daily": t.submit_command("/opt/tidemark", "yarn", "cluster", t.run_args("orders")),
          "backfill": t.run_args("orders", "2026-01-01", "2026-01-31"),
          "outcomes": {str(c): outcome(c) for c in (0, 1, 2, 3)},
      }))
      """;

  private static JsonNode probe;

  @BeforeAll
  static void runTheProbe(@TempDir Path cache) throws Exception {
    for (String file : List.of("tidemark_dag.py", "tidemark_commands.py")) {
      python(cache, "-m", "py_compile", file);
    }
    probe = new ObjectMapper().readTree(python(cache, "-c", PROBE));
  }

  @Test
  void theSparkSubmitTasksRunScriptsSubmitWithTheClusterProfile() throws Exception {
    JsonNode settings = probe.path("settings");
    assertThat(settings.path("SPARK_PROFILE").get(1).asText()).isEqualTo("cluster");
    assertThat(Path.of("conf/cluster.conf")).as("the profile the DAG names").isRegularFile();
    assertThat(settings.path("SPARK_MASTER").get(1).asText()).isEqualTo("yarn");

    List<String> daily = strings(probe.path("daily"));
    assertThat(daily)
        .containsExactly(
            "/opt/tidemark/scripts/submit",
            "--master",
            "yarn",
            "--",
            "run",
            "orders",
            "--conf-dir",
            "/opt/tidemark/conf",
            "--profile",
            "cluster");
    assertParsesAsARun(daily.subList(daily.indexOf("--") + 1, daily.size()));
    assertThat(Files.readString(Path.of("scripts/submit")))
        .as("scripts/submit takes the Tidemark arguments after --")
        .contains("[spark-submit options] -- <tidemark command>");

    List<String> backfill = strings(probe.path("backfill"));
    assertThat(backfill)
        .containsExactly("run", "orders", "--from", "2026-01-01", "--to", "2026-01-31");
    assertParsesAsARun(backfill);
  }

  @Test
  void onlyExitCode1IsRetried() {
    JsonNode outcomes = probe.path("outcomes");
    assertThat(outcomes.path("0").asText()).isEqualTo("ok");
    assertThat(outcomes.path("1").asText()).startsWith("Retried: ").contains("exited with 1");
    assertThat(outcomes.path("2").asText()).startsWith("Final: ").contains("not retried");
    assertThat(outcomes.path("3").asText()).startsWith("Final: ").contains("not retried");

    // The spark-submit DAGs retry (for exit code 1); the Databricks jobs retry themselves.
    JsonNode settings = probe.path("settings");
    assertThat(settings.path("SUBMIT_ARGS").path("retries").asText()).isEqualTo("2");
    assertThat(settings.path("DATABRICKS_ARGS").path("retries").asText()).isEqualTo("0");
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static void assertParsesAsARun(List<String> args) {
    assertThat(CliArguments.parse(args).commandSpec().name()).isEqualTo("run");
  }

  private static String python(Path cache, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(AIRFLOW.toFile()).redirectErrorStream(false);
    // Bytecode goes to a temp folder, never next to the DAG in the repository.
    builder.environment().put("PYTHONPYCACHEPREFIX", cache.toString());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError("Cannot run python3: install it (apt-get install python3)", e);
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
    assertThat(process.exitValue())
        .as("python3 %s:%n%s%s", String.join(" ", args), out, err)
        .isZero();
    return out;
  }
}

package dev.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, test 7: the README's main command works from a fresh clone, launched as a process the
 * way a new user launches it; a bad configuration exits 2 with a message naming the key.
 */
class CliIT {
  private static final Path PROJECT = Path.of(System.getProperty("it.project.dir", "."));

  @TempDir Path dir;

  /** What a process printed and how it ended. */
  record Result(int exitCode, String out, String err, long millis) {}

  @Test
  void theReadmeMainCommandWorksFromAFreshClone() throws Exception {
    Path clone = dir.resolve("tidemark");
    Result cloned =
        exec(dir, List.of("git", "clone", "--quiet", PROJECT.toString(), clone.toString()));
    assertThat(cloned.exitCode()).as(cloned.err()).isZero();

    String command = readmeCommand(clone, "scripts/tidemark ");
    Result demo = exec(clone, List.of("bash", "-c", command));
    System.out.println(demo.out());
    System.out.printf(
        "README main command `%s` took %.1f s (build included)%n", command, demo.millis() / 1000.0);

    assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out())
        .contains(
            "The second run changed nothing",
            "0 rows read",
            "The first run matched the golden source");
    assertThat(clone.resolve("warehouse/orders/_delta_log")).isDirectory();
    assertThat(clone.resolve("warehouse/_tidemark/runs/_delta_log")).isDirectory();

    Result status = exec(clone, List.of("scripts/tidemark", "status", "orders", "--json"));
    assertThat(status.exitCode()).as(status.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(status.out()).path("pipelines").get(0);
    assertThat(json.path("pipeline").asText()).isEqualTo("orders");
    assertThat(json.path("last_run").path("status").asText()).isEqualTo("succeeded");
    assertThat(json.path("last_run").path("rows").path("inserted").asLong()).isZero();
    // The demo's second backfill found every folder as published: it read none of them.
    assertThat(json.path("last_run").path("folders_read").asInt()).isZero();
    assertThat(json.path("last_run").path("files_read").asInt()).isZero();

    Path bad = dir.resolve("bad.conf");
    Files.writeString(bad, "pipeline { source.format = jsonl }\n");
    Result refused =
        exec(clone, List.of("scripts/tidemark", "run", "orders", "--config", bad.toString()));
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err())
        .contains(
            "pipeline.source.format = \"jsonl\"",
            "bad.conf: 1",
            "allowed formats are json, csv, parquet");
    assertThat(refused.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void ciRunsExactlyTheReadmeTestCommand() throws IOException {
    String testCommand = readmeCommand(PROJECT, "./mvnw ");
    List<String> ci = Files.readAllLines(PROJECT.resolve(".ci/run"), StandardCharsets.UTF_8);
    assertThat(ci).contains(testCommand);
  }

  /** The first line of the README's quick start that starts with {@code prefix}, comment cut. */
  private static String readmeCommand(Path root, String prefix) throws IOException {
    return Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.replaceFirst("\\s+#.*$", ""))
        .findFirst()
        .orElseThrow(() -> new AssertionError("README.md has no command starting with " + prefix));
  }

  private static Result exec(Path workdir, List<String> command) throws Exception {
    Path out = Files.createTempFile("tidemark-out", ".txt");
    Path err = Files.createTempFile("tidemark-err", ".txt");
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .directory(workdir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(20, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("Timed out: " + command);
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        (System.nanoTime() - start) / 1_000_000);
  }
}

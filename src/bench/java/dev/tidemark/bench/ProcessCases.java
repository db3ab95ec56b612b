package dev.tidemark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The commands a user or a scheduler starts often, each as its own OS process started the way a
 * user starts it ({@code scripts/tidemark status PIPELINE ...}), timed from start to exit: {@code
 * status}, {@code history}, and an incremental {@code run} that finds nothing new. Their yardstick
 * is a process that only starts Spark and counts the target's rows ({@link SparkCountProcess}),
 * started through the same script, so with the same java, classpath and JVM flags.
 */
final class ProcessCases {
  static final String PREFIX = "process: ";
  static final String STATUS = PREFIX + "status";
  static final String HISTORY = PREFIX + "history";
  static final String NO_OP_RUN = PREFIX + "no-op run";
  static final String BASELINE = PREFIX + "Spark count (baseline)";

  /** A command that does not end within this is stuck, not slow. */
  private static final long TIMEOUT_MINUTES = 30;

  /** What scripts/bench sets for its own JVM, which a user's command does not have. */
  private static final List<String> BENCH_ONLY =
      List.of("TIDEMARK_MAIN_CLASS", "TIDEMARK_WITH_BENCH", "TIDEMARK_CONF_DIR");

  private final Path script;
  private final Path confDir;
  private final Path layer;
  private final String pipeline;
  private final String target;
  private final Path logs;

  /**
   * @param script {@code scripts/tidemark}
   * @param layer the configuration layer with the bench's warehouse and master
   */
  ProcessCases(Path script, Path confDir, Path layer, String pipeline, String target, Path logs) {
    this.script = script.toAbsolutePath();
    this.confDir = confDir;
    this.layer = layer;
    this.pipeline = pipeline;
    this.target = target;
    this.logs = logs;
  }

  /**
   * One repetition of every process case, in order. The target must be backfilled already: the run
   * then finds nothing new, which it checks.
   */
  List<Measurement> measure(int rep) throws IOException, InterruptedException {
    Files.createDirectories(logs);
    List<Measurement> results = new ArrayList<>();
    results.add(command(STATUS, rep, "status"));
    results.add(command(HISTORY, rep, "history"));
    Measurement run = command(NO_OP_RUN, rep, "run", "--json");
    results.add(run.withNote(noOp(logs.resolve(slug(NO_OP_RUN) + ".out"))));
    results.add(baseline(rep));
    return results;
  }

  /** {@code scripts/tidemark <command> <pipeline> <options>}, timed from start to exit. */
  Measurement command(String name, int rep, String command, String... options)
      throws IOException, InterruptedException {
    Files.createDirectories(logs);
    List<String> args = new ArrayList<>(List.of(script.toString(), command, pipeline));
    args.addAll(List.of(options));
    args.addAll(List.of("--conf-dir", confDir.toString(), "--config", layer.toString()));
    ProcessBuilder builder = new ProcessBuilder(args);
    BENCH_ONLY.forEach(builder.environment()::remove);
    return time(name, rep, builder);
  }

  private Measurement baseline(int rep) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(script.toString(), confDir.toString(), layer.toString(), target);
    Map<String, String> env = builder.environment();
    BENCH_ONLY.forEach(env::remove);
    env.put("TIDEMARK_MAIN_CLASS", SparkCountProcess.class.getName());
    env.put("TIDEMARK_WITH_BENCH", "1");
    return time(BASELINE, rep, builder);
  }

  /** Wall time from start to exit; a command that fails is not a measurement. */
  private Measurement time(String name, int rep, ProcessBuilder builder)
      throws IOException, InterruptedException {
    Path out = logs.resolve(slug(name) + ".out");
    Path err = logs.resolve(slug(name) + ".err");
    builder
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    long t0 = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "Cannot benchmark " + name + ": it did not end within " + TIMEOUT_MINUTES + " minutes");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "Cannot benchmark "
              + name
              + ": "
              + String.join(" ", builder.command())
              + " exited "
              + process.exitValue()
              + "; its output is in "
              + out
              + " and "
              + err);
    }
    return new Measurement(name, rep, seconds, seconds, 0, -1, -1, "exit 0");
  }

  /** What the run's JSON says it did; a run that read a file is not the no-op this case means. */
  private static String noOp(Path json) throws IOException {
    JsonNode run = new ObjectMapper().readTree(Files.readString(json, StandardCharsets.UTF_8));
    long filesRead = run.path("input").path("files_read").asLong(-1);
    if (filesRead != 0) {
      throw new IllegalStateException(
          "Cannot benchmark the no-op run: it read "
              + filesRead
              + " files (see "
              + json
              + "); the backfill before it should have left nothing new");
    }
    return run.path("status").asText() + ", 0 files read";
  }

  private static String slug(String name) {
    return name.substring(PREFIX.length())
        .toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-|-$", "");
  }
}

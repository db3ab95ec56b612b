package dev.tidemark.catalog;

import dev.tidemark.cli.TidemarkCli;
import dev.tidemark.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line in a JVM of its own, as {@code scripts/tidemark} starts it: this test JVM's
 * classpath and Spark flags, its own SparkSession and so its own, empty, session catalog.
 */
final class CliProcess {
  /** What the command printed (stdout, then stderr) and its exit code. */
  record Result(int exitCode, String out, String err) {}

  private CliProcess() {}

  static Result run(Path workDir, String name, String... args) throws Exception {
    // Spark's INFO logging off, as the launcher has it.
    List<String> command =
        ChildJvm.command(
            TidemarkCli.class,
            "-Dlog4j2.configurationFile=" + Paths.get("conf/log4j2.properties").toAbsolutePath());
    command.addAll(List.of(args));
    Path out = workDir.resolve(name + ".out");
    Path err = workDir.resolve(name + ".err");
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(name + " did not finish in 5 minutes:\n" + read(err));
    }
    // Child JVMs are the slow part of a test: say where the time goes.
    System.err.printf("  [child %s %d ms]%n", name, (System.nanoTime() - start) / 1_000_000);
    return new Result(process.exitValue(), read(out), read(err));
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}

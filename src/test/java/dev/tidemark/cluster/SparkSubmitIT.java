package dev.tidemark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.SparkCluster;
import dev.tidemark.testing.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster jar submitted with spark-submit (scripts/submit, running Spark's SparkSubmit class)
 * to a real standalone cluster of separate JVMs: a backfill and its rerun, with the work done by
 * executors the worker started, not by the driver.
 */
class SparkSubmitIT {
  private static final Path PROJECT = Path.of(System.getProperty("it.project.dir", "."));

  @TempDir static Path dir;
  private static SparkCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster =
        SparkCluster.start(
            dir.resolve("cluster"), PROJECT.resolve("target/spark-provided.classpath"), 2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aBackfillAndItsRerunRunOnTheClustersExecutors() throws Exception {
    Workspace ws = Workspace.create(dir.resolve("ws"));
    ws.generate(3, 100);

    Result first = submit(ws, true, "run", "orders", "--from", "2026-01-01", "--to", "2026-01-03");
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).contains("succeeded");
    // The rerun as on a machine with no Spark installation: scripts/submit runs Spark's
    // SparkSubmit class itself, with the Spark jars of the build.
    Result rerun = submit(ws, false, "run", "orders", "--from", "2026-01-01", "--to", "2026-01-03");
    assertThat(rerun.exitCode()).as(rerun.output()).isZero();
    assertThat(rerun.output())
        .contains(
            "no spark-submit on PATH, SPARK_HOME or SPARK_SUBMIT: running Spark's SparkSubmit");
    assertThat(rerun.output()).contains("0 inserted, 0 updated", "no MERGE");

    // Executors ran in JVMs the worker launched: their logs are in its work dir, one per app.
    List<Path> executorLogs;
    try (Stream<Path> files = Files.walk(cluster.workDir)) {
      executorLogs = files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
    }
    assertThat(executorLogs).hasSizeGreaterThanOrEqualTo(2);
    String executorLog = Files.readString(executorLogs.get(0), StandardCharsets.UTF_8);
    assertThat(executorLog).contains("CoarseGrainedExecutorBackend", "Finished task");
    assertThat(first.output()).doesNotContain("local[");

    // The tables the cluster wrote, read here with a local session.
    SparkSession spark = dev.tidemark.testing.TestSpark.session();
    long rows = spark.read().format("delta").load(ws.targetPath()).count();
    long keys =
        spark.read().format("delta").load(ws.targetPath()).select("order_id").distinct().count();
    assertThat(rows).isPositive().isEqualTo(keys);
    List<Row> runs =
        spark
            .read()
            .format("delta")
            .load(ws.tables().runs().path())
            .orderBy(functions.col("started_at"))
            .collectAsList();
    assertThat(runs)
        .extracting(r -> r.<String>getAs("status"))
        .containsExactly("succeeded", "succeeded");
    assertThat(runs.get(0).<Long>getAs("rows_inserted")).isEqualTo(rows);
    assertThat(runs.get(1).<Long>getAs("target_version_after"))
        .isEqualTo(runs.get(0).<Long>getAs("target_version_after"));
  }

  private record Result(int exitCode, String output) {}

  /**
   * scripts/submit to the cluster, with SPARK_SUBMIT set to Spark's SparkSubmit class on the
   * cluster's classpath, or with no spark-submit of any kind (no SPARK_SUBMIT, no SPARK_HOME).
   */
  private Result submit(Workspace ws, boolean withSparkSubmit, String... tidemarkArgs)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(PROJECT.resolve("scripts/submit").toString());
    command.addAll(
        List.of(
            "--master",
            cluster.masterUrl(),
            "--conf",
            "spark.executor.memory=768m",
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--conf",
            "spark.ui.enabled=false",
            // Small data on a 2-core machine: Spark's 200 shuffle partitions would be most of the
            // run's time, as conf/local.conf says for local mode.
            "--conf",
            "spark.sql.shuffle.partitions=4",
            "--conf",
            "spark.databricks.delta.snapshotPartitions=2",
            "--"));
    command.addAll(List.of(tidemarkArgs));
    command.addAll(List.of("--conf-dir", ws.conf.toString(), "--profile", "test"));
    Path log = Files.createTempFile(dir, "submit", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    cluster.environment(builder.environment());
    if (withSparkSubmit) {
      builder.environment().put("SPARK_SUBMIT", String.join(" ", cluster.sparkSubmit()));
    } else {
      builder.environment().remove("SPARK_SUBMIT");
      builder.environment().remove("SPARK_HOME");
    }
    Process process = builder.start();
    long start = System.nanoTime();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("spark-submit timed out:\n" + Files.readString(log));
    }
    System.out.printf(
        "spark-submit %s took %.1f s%n",
        String.join(" ", tidemarkArgs), (System.nanoTime() - start) / 1e9);
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}

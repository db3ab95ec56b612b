package dev.tidemark.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and one worker, each its own JVM, started
 * from the Maven Spark jars laid out as a Spark home (a worker builds its executors' command lines
 * from the Spark home's {@code jars/}). Closing it stops both, and the executors the worker
 * started, by process id.
 */
public final class SparkCluster implements AutoCloseable {
  private final Path home;
  private final Path logs;
  private final List<Process> processes = new ArrayList<>();
  private final int masterPort;
  public final Path workDir;

  private SparkCluster(Path dir) throws IOException {
    this.home = dir.resolve("spark-home");
    this.logs = Files.createDirectories(dir.resolve("logs"));
    this.workDir = Files.createDirectories(dir.resolve("worker-work"));
    this.masterPort = freePort();
  }

  /**
   * Starts a master and a worker with {@code cores} cores, Spark's jars listed one per path in
   * {@code classpathFile} (written by the build, provided scope).
   */
  public static SparkCluster start(Path dir, Path classpathFile, int cores) throws Exception {
    SparkCluster cluster = new SparkCluster(dir);
    try {
      cluster.layOutSparkHome(classpathFile);
      cluster.startMaster();
      cluster.startWorker(cores);
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  public Path sparkHome() {
    return home;
  }

  /** The command that runs spark-submit from this Spark home: the SparkSubmit class itself. */
  public List<String> sparkSubmit() {
    List<String> command = new ArrayList<>(javaCommand());
    command.add("-Xmx1g"); // the driver: the last -Xmx wins
    command.add("org.apache.spark.deploy.SparkSubmit");
    return command;
  }

  public String log(String name) throws IOException {
    return Files.readString(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
  }

  private void layOutSparkHome(Path classpathFile) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    String classpath = Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
    for (String entry : classpath.split(java.io.File.pathSeparator)) {
      Path jar = Path.of(entry);
      Path link = jars.resolve(jar.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, jar);
      }
    }
    // The launcher treats a Spark home with a RELEASE file as a distribution: jars/ is the
    // classpath.
    Files.writeString(home.resolve("RELEASE"), "Spark laid out by Tidemark's tests\n");
  }

  private List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(home.resolve("jars") + "/*");
    command.add("-Xmx512m");
    command.addAll(List.of(System.getProperty("it.spark.jvm.flags", "").split(" ")));
    command.removeIf(String::isBlank);
    return command;
  }

  private void startMaster() throws Exception {
    List<String> command = javaCommand();
    command.addAll(
        List.of(
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(masterPort),
            "--webui-port",
            String.valueOf(freePort())));
    launch("master", command);
    awaitLog("master", "I have been elected leader", Duration.ofSeconds(60));
  }

  private void startWorker(int cores) throws Exception {
    List<String> command = javaCommand();
    command.addAll(
        List.of(
            "org.apache.spark.deploy.worker.Worker",
            masterUrl(),
            "--host",
            "127.0.0.1",
            "--cores",
            String.valueOf(cores),
            "--memory",
            "2g",
            "--work-dir",
            workDir.toString(),
            "--webui-port",
            String.valueOf(freePort())));
    launch("worker", command);
    awaitLog("worker", "Successfully registered with master", Duration.ofSeconds(60));
  }

  private void launch(String name, List<String> command) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".log").toFile());
    environment(builder.environment());
    processes.add(builder.start());
  }

  /**
   * What Spark's scripts would set: the Spark home (a worker's executors are launched from it), its
   * Scala version (a launcher outside a build looks for build directories otherwise), Java, and the
   * loopback address.
   */
  public void environment(java.util.Map<String, String> env) {
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
  }

  private void awaitLog(String name, String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (log(name).contains(text)) {
        return;
      }
      Process last = processes.get(processes.size() - 1);
      if (!last.isAlive()) {
        throw new AssertionError("Spark " + name + " exited:\n" + log(name));
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Spark " + name + " did not log '" + text + "':\n" + log(name));
  }

  /** Stops the worker (and the executors it started) and the master, newest first. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      List<ProcessHandle> children = p.descendants().toList();
      p.destroy();
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

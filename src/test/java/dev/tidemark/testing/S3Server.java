package dev.tidemark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server on 127.0.0.1: S3Proxy (target/s3proxy.jar, copied there by the
 * dependency plugin before the integration tests) as a separate JVM, since in the tests' JVM its
 * Jetty clashes with Spark's servlet API. Objects live in a folder, one sub-folder per bucket; it
 * checks request signatures against one access key and secret. Stopped by process id.
 */
public final class S3Server implements AutoCloseable {
  private final Process process;
  private final Path buckets;
  private final Path log;
  public final String endpoint;
  public final String accessKey;
  public final String secretKey;

  private S3Server(
      Process process, Path buckets, Path log, int port, String accessKey, String secretKey) {
    this.process = process;
    this.buckets = buckets;
    this.log = log;
    this.endpoint = "http://127.0.0.1:" + port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts the server and waits until it answers HTTP. */
  public static S3Server start(Path jar, Path dir, String accessKey, String secretKey)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "Cannot find "
              + jar
              + ": the dependency plugin copies it in pre-integration-test (run ./mvnw verify)");
    }
    int port = freePort();
    Path buckets = Files.createDirectories(dir.resolve("buckets"));
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + accessKey,
            "s3proxy.credential=" + secretKey,
            "jclouds.provider=filesystem-nio2",
            "jclouds.filesystem.basedir=" + buckets,
            ""),
        StandardCharsets.UTF_8);
    Path log = dir.resolve("s3proxy.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-jar",
                    jar.toString(),
                    "--properties",
                    properties.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3Server server = new S3Server(process, buckets, log, port, accessKey, secretKey);
    server.awaitAnswer();
    return server;
  }

  /** A bucket is a folder under the backend's base directory. */
  public void createBucket(String name) throws IOException {
    Files.createDirectories(buckets.resolve(name));
  }

  /** The server's own output, for failure messages. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitAnswer() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited at start:\n" + log());
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        c.getResponseCode(); // any answer (403 without a signature) means it serves requests
        c.disconnect();
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("S3Proxy did not answer within 60 s:\n" + log());
  }

  @Override
  public void close() {
    ProcessHandle.of(process.pid())
        .ifPresent(
            p -> {
              p.destroy();
              try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                  p.destroyForcibly();
                }
              } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
              }
            });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package dev.tidemark.testing;

import dev.tidemark.Pipeline;
import dev.tidemark.config.ConfigLoader;
import dev.tidemark.config.ConfigRequest;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.runtime.RunListener;
import dev.tidemark.runtime.StageHooks;
import dev.tidemark.sample.SampleGenerator;
import dev.tidemark.sample.SampleSpec;
import dev.tidemark.sample.SampleSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * A throwaway Tidemark installation under a temp folder: conf/ (a test profile and the orders
 * pipeline), raw/ and golden/ data, and a warehouse. Configuration goes through the real loader.
 */
public final class Workspace {
  public static final String ORDERS_SCHEMA =
      "order_id STRING, customer_id STRING, order_date DATE, status STRING,"
          + " amount DECIMAL(12,2), currency STRING, updated_at TIMESTAMP, version INT";

  public final Path root;
  public final Path conf;
  public final Path raw;
  public final Path golden;
  public final Path warehouse;
  private boolean withGolden;
  private String extra = "";

  private Workspace(Path root) {
    this.root = root;
    this.conf = root.resolve("conf");
    this.raw = root.resolve("data/raw/orders");
    this.golden = root.resolve("data/golden/orders");
    this.warehouse = root.resolve("warehouse");
  }

  /** A workspace with the orders pipeline, reconciled against the golden source. */
  public static Workspace create(Path dir) {
    return create(dir, true);
  }

  public static Workspace create(Path dir, boolean withGolden) {
    Workspace ws = new Workspace(dir);
    ws.write(ws.conf.resolve("test.conf"), "tidemark.warehouse = \"" + ws.warehouse + "\"\n");
    ws.writePipeline(withGolden, "");
    return ws;
  }

  /**
   * A copy of this workspace under {@code dir}: data, warehouse and control tables as they are now,
   * configuration pointing at the copy. Files keep their modification times, so the copy's ledger
   * fingerprints still match its raw files: tests that start from the same runs copy them instead
   * of running them again.
   */
  public Workspace copyTo(Path dir) {
    Workspace copy = new Workspace(dir);
    copy.write(copy.conf.resolve("test.conf"), "tidemark.warehouse = \"" + copy.warehouse + "\"\n");
    copy.writePipeline(withGolden, extra);
    for (Path from : List.of(raw, golden, warehouse)) {
      copyTree(from, dir.resolve(root.relativize(from)));
    }
    return copy;
  }

  private static void copyTree(Path from, Path to) {
    if (!Files.exists(from)) {
      return;
    }
    try (var walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites the orders pipeline file, with {@code extra} HOCON appended inside it. */
  public Workspace writePipeline(boolean withGolden, String extra) {
    this.withGolden = withGolden;
    this.extra = extra;
    String golden =
        withGolden
            ? "  reconcile.golden { path = \""
                + this.golden
                + "\", format = json, valid-from = valid_from, valid-to = valid_to }\n"
            : "";
    write(
        conf.resolve("pipelines/orders.conf"),
        "pipeline {\n"
            + "  source { path = \""
            + raw
            + "\", format = json, schema = \""
            + ORDERS_SCHEMA
            + "\" }\n"
            + "  keys = [order_id]\n"
            + "  sequence = [updated_at, version]\n"
            + "  partition-column = order_date\n"
            + "  start-date = \"2026-01-01\"\n"
            + golden
            + extra
            + "\n}\n");
    return this;
  }

  public TidemarkConfig config() {
    return ConfigLoader.load(new ConfigRequest(conf, "test", "orders", List.of()));
  }

  public Pipeline pipeline(Clock clock) {
    return new Pipeline(TestSpark.session(), config(), clock, TIMING, StageHooks.NONE);
  }

  /** Stage durations on stderr: slow tests show where their time goes. */
  private static final RunListener TIMING =
      new RunListener() {
        @Override
        public void stageFinished(String stage, long millis, String summary) {
          System.err.printf("  [%s %d ms] %s%n", stage, millis, summary);
        }
      };

  public Pipeline pipeline(Clock clock, StageHooks hooks) {
    return new Pipeline(TestSpark.session(), config(), clock, RunListener.SILENT, hooks);
  }

  /** A pipeline whose stage lines go to {@code listener}. */
  public Pipeline pipeline(Clock clock, RunListener listener) {
    return new Pipeline(TestSpark.session(), config(), clock, listener, StageHooks.NONE);
  }

  public ControlStore tables() {
    return ControlStore.of(config().settings());
  }

  public String targetPath() {
    return config().pipeline().targetPath();
  }

  public SampleSummary generate(int days, int rowsPerDay) {
    return generate(new SampleSpec(LocalDate.of(2026, 1, 1), days, rowsPerDay, 7L, 2));
  }

  public SampleSummary generate(SampleSpec spec) {
    try {
      return SampleGenerator.write(spec, raw, golden);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a raw file into a landing folder, with a modification time that differs per write. */
  public Path writeRaw(LocalDate landing, String fileName, String... jsonLines) {
    Path file = raw.resolve("dt=" + landing).resolve(fileName);
    write(file, String.join("\n", jsonLines) + "\n");
    return file;
  }

  /** One order event as the sample generator writes it. */
  public static String order(
      String id, LocalDate orderDate, String status, String amount, String updatedAt, int version) {
    return "{\"order_id\":\""
        + id
        + "\",\"customer_id\":\"CUST-00001\",\"order_date\":\""
        + orderDate
        + "\",\"status\":\""
        + status
        + "\",\"amount\":"
        + amount
        + ",\"currency\":\"EUR\",\"updated_at\":\""
        + updatedAt
        + "\",\"version\":"
        + version
        + "}";
  }

  private void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      boolean existed = Files.exists(file);
      FileTime before = existed ? Files.getLastModifiedTime(file) : null;
      Files.writeString(file, text, StandardCharsets.UTF_8);
      if (existed && Files.getLastModifiedTime(file).equals(before)) {
        // A rewrite within the filesystem's time resolution must still look changed.
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1000));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

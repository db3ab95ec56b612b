package dev.tidemark.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.tidemark.config.Secrets;
import dev.tidemark.config.Settings;
import dev.tidemark.spark.SparkSessions;
import dev.tidemark.testing.CapturedLog;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.S3Server;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on S3 through S3A, against a real S3-compatible server (S3Proxy, a separate
 * JVM): raw files and the golden source read from the bucket, the target and the control tables
 * written to it, with conf/s3.conf as the profile. A backfill, its rerun (a no-op), the report, and
 * maintain (compaction and a VACUUM that keeps no old file); credentials from the AWS SDK's default
 * chain, and a known secret that must appear in no output, log line, control-table row or report.
 */
class S3IT {
  private static final Path PROJECT = Path.of(System.getProperty("it.project.dir", "."));
  private static final String BUCKET = "tidemark";
  private static final String TARGET = "s3a://" + BUCKET + "/warehouse/orders";
  private static final String ACCESS_KEY = "tidemark-it";
  // Unguessable, so finding it anywhere means it leaked, not that some text happened to match.
  private static final String SECRET = "s3it-secret-" + UUID.randomUUID();
  private static final Map<String, String> ENVIRONMENT =
      Map.of(
          "TIDEMARK_S3_REGION", "us-east-1",
          "TIDEMARK_S3_PATH_STYLE_ACCESS", "true",
          "TIDEMARK_S3_SSL_ENABLED", "false",
          // The AWS SDK's default chain reads these JVM properties first, then AWS_ACCESS_KEY_ID
          // and AWS_SECRET_ACCESS_KEY from the environment: the same provider a user's
          // environment variables go through.
          "aws.accessKeyId", ACCESS_KEY,
          "aws.secretAccessKey", SECRET);

  @TempDir static Path dir;
  private static S3Server server;
  private static Workspace ws;
  private static Cli.Result blocked;
  private static boolean lockLeftBehind;
  private static Cli.Result backfill;
  private static Cli.Result rerun;
  private static Cli.Result report;
  private static Cli.Result status;
  private static Cli.Result launcherStatus;
  private static Cli.Result maintained;
  private static Cli.Result firstNight;
  private static String killedBackfill;
  private static Cli.Result resumedBackfill;
  private static long eventsKeys;
  private static Set<String> runsFilesBeforeMaintain;
  private static Set<String> runsFilesReferencedBeforeMaintain;
  private static List<String> targetBeforeMaintain;
  private static final StringWriter log = new StringWriter();

  @BeforeAll
  static void runThePipelineOnS3() throws Exception {
    TestSpark.session(); // the JVM's one session, which the commands adopt as a cluster's own
    server =
        S3Server.start(
            PROJECT.resolve("target/s3proxy.jar"), dir.resolve("s3"), ACCESS_KEY, SECRET);
    server.createBucket(BUCKET);

    // conf/s3.conf as shipped; its ${?TIDEMARK_S3_...} overrides are read from these JVM
    // properties here (the configuration looks them up before the environment).
    ws = Workspace.create(dir.resolve("ws"));
    Files.copy(PROJECT.resolve("conf/s3.conf"), ws.conf.resolve("s3.conf"));
    System.setProperty("TIDEMARK_S3_ENDPOINT", server.endpoint);
    ENVIRONMENT.forEach(System::setProperty);
    ConfigFactory.invalidateCaches();
    Files.writeString(
        ws.conf.resolve("pipelines/orders.conf"),
        "pipeline {\n"
            + "  source { path = \"s3a://"
            + BUCKET
            + "/raw/orders\", format = json, schema = \""
            + Workspace.ORDERS_SCHEMA
            + "\" }\n"
            + "  keys = [order_id]\n"
            + "  sequence = [updated_at, version]\n"
            + "  partition-column = order_date\n"
            + "  reconcile.golden { path = \"s3a://"
            + BUCKET
            + "/golden/orders\", format = json, valid-from = valid_from, valid-to = valid_to }\n"
            + "}\n");
    ws.generate(2, 30);
    try (FileSystem s3 = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), s3Conf())) {
      s3.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(ws.raw.toUri()),
          new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/raw/orders"));
      s3.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(ws.golden.toUri()),
          new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/golden/orders"));
    }

    // S3A keys in a configuration file outside the repository (as a cluster's own settings
    // would hold them), and --verbose: Spark's INFO logging and Tidemark's settings dump.
    Path keys = dir.resolve("keys.conf");
    Files.writeString(
        keys,
        "tidemark.spark.conf {\n"
            + "  \"spark.hadoop.fs.s3a.access.key\" = \""
            + ACCESS_KEY
            + "\"\n  \"spark.hadoop.fs.s3a.secret.key\" = \""
            + SECRET
            + "\"\n}\n");

    MutableClock clock = MutableClock.at(LocalDate.of(2026, 1, 3));
    org.apache.hadoop.fs.Path lock =
        new org.apache.hadoop.fs.Path(controlTable("locks") + "/orders.lock");
    try (CapturedLog capture = CapturedLog.into("s3it-capture", log);
        FileSystem s3 = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), s3Conf())) {
      // Another process's fresh lock in the bucket: the run waits tidemark.lock.wait (0s), fails.
      try (var out = s3.create(lock, false)) {
        out.write("owner=4242@other-host\nrun_id=r-other\n".getBytes(StandardCharsets.UTF_8));
      }
      blocked = cli(clock, "run", "orders", "--from", "2026-01-01", "--to", "2026-01-02");
      s3.delete(lock, false);

      backfill = cli(clock, "run", "orders", "--from", "2026-01-01", "--to", "2026-01-02");
      lockLeftBehind = s3.exists(lock);
      rerun =
          cli(
              clock,
              "run",
              "orders",
              "--from",
              "2026-01-01",
              "--to",
              "2026-01-02",
              "--config",
              keys.toString(),
              "--verbose");
      report = cli(clock, "report", "orders", "--out", dir.resolve("report.html").toString());
      // status reads the bucket's tables through Delta Kernel and S3A, with no Spark at all.
      status =
          Cli.run(
              ws,
              "s3",
              settings -> {
                throw new AssertionError("status must not start Spark for tables at s3a:// paths");
              },
              clock,
              "status",
              "orders");

      // The same as a user runs it on a laptop: scripts/tidemark, with nothing added to its
      // classpath by hand and the credentials in the environment.
      launcherStatus = launcher("status", "orders");

      killedAndResumedBatchedBackfill();

      // Every table's unreferenced files go: a run's final row replaced its first, so the runs
      // table holds files no version after it needs.
      runsFilesBeforeMaintain = dataFiles(controlTable("runs"));
      runsFilesReferencedBeforeMaintain = referencedFiles(controlTable("runs"));
      targetBeforeMaintain = sortedRows(TARGET);
      Path noRetention = dir.resolve("no-retention.conf");
      Files.writeString(
          noRetention,
          "tidemark.maintain.control-vacuum-retention = 0s\n"
              + "pipeline.maintain { vacuum-retention = 0s, rollback-runs = 0 }\n");
      maintained = cli(clock, "maintain", "orders", "--config", noRetention.toString());
    }
  }

  /** Landing dates of the events pipeline: more than one batch of the shipped 31 dates. */
  private static final String EVENTS_FROM = "2026-01-01";

  private static final String EVENTS_TO = "2026-02-02";

  /**
   * A second pipeline whose backfill takes two batches of the shipped size: one batch on a first
   * night, then scripts/tidemark in a process of its own killed (SIGKILL) in the second batch, then
   * the same command.
   */
  private static void killedAndResumedBatchedBackfill() throws Exception {
    Workspace events = Workspace.create(dir.resolve("events"), false);
    events.generate(33, 4);
    eventsKeys =
        TestSpark.session()
            .read()
            .json(events.raw.toString())
            .select("order_id")
            .distinct()
            .count();
    try (FileSystem s3 = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), s3Conf())) {
      s3.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(events.raw.toUri()),
          new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/raw/events"));
    }
    Files.writeString(
        ws.conf.resolve("pipelines/events.conf"),
        "pipeline {\n"
            + "  source { path = \"s3a://"
            + BUCKET
            + "/raw/events\", format = json, schema = \""
            + Workspace.ORDERS_SCHEMA
            + "\" }\n"
            + "  keys = [order_id]\n"
            + "  sequence = [updated_at, version]\n"
            + "}\n");
    // Night 1, in this JVM: one batch (--max-batches 1), as a long backfill is spread over nights.
    firstNight =
        cli(
            java.time.Clock.systemUTC(),
            "run",
            "events",
            "--from",
            EVENTS_FROM,
            "--to",
            EVENTS_TO,
            "--max-batches",
            "1");
    // Night 2: scripts/tidemark killed in batch 2's stage, holding the lock, its run row running.
    killedBackfill =
        launchAndKill(
            List.of("batch 2 of 2: 2026-02-01 .. 2026-02-02", "stage      ..."),
            "run",
            "events",
            "--from",
            EVENTS_FROM,
            "--to",
            EVENTS_TO);
    // The same command, in this JVM, with the real clock: the killed process's lock names a
    // process of this host that is gone.
    resumedBackfill =
        cli(java.time.Clock.systemUTC(), "run", "events", "--from", EVENTS_FROM, "--to", EVENTS_TO);
  }

  @AfterAll
  static void stopServer() {
    System.clearProperty("TIDEMARK_S3_ENDPOINT");
    ENVIRONMENT.keySet().forEach(System::clearProperty);
    ConfigFactory.invalidateCaches();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aBackfillReadsFromAndWritesToTheBucket() {
    assertThat(backfill.exitCode()).as(backfill.err() + "\n" + server.log()).isZero();
    Dataset<Row> target = delta(TARGET);
    long rows = target.count();
    assertThat(rows).isPositive();
    assertThat(target.select("order_id").distinct().count()).isEqualTo(rows);

    Row first = runs().get(0);
    assertThat(first.<String>getAs("status")).isEqualTo("succeeded");
    assertThat(first.<Integer>getAs("folders_read")).isEqualTo(2);
    assertThat(first.<Long>getAs("rows_inserted")).isEqualTo(rows);
    assertThat(first.<Long>getAs("mismatch_count")).isZero();
    assertThat(landingWatermark("orders")).isEqualTo(LocalDate.of(2026, 1, 2));
  }

  @Test
  void anotherProcesssLockInTheBucketKeepsARunOut() {
    assertThat(blocked.exitCode()).as(blocked.out()).isEqualTo(1);
    assertThat(blocked.err())
        .contains(
            "run r-other, process 4242 on host other-host",
            "holds its lock s3a://tidemark/warehouse/_tidemark/locks/orders.lock",
            "last heartbeat");
    assertThat(lockLeftBehind).as("the backfill released its lock").isFalse();
  }

  @Test
  void itsRerunReadsNothingAndMakesNoVersion() {
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    List<Row> runs = runs();
    assertThat(runs)
        .extracting(r -> r.<String>getAs("status"))
        .containsExactly("succeeded", "succeeded");
    Row second = runs.get(1);
    assertThat(second.<Integer>getAs("folders_read")).isZero();
    assertThat(second.<Integer>getAs("files_read")).isZero();
    assertThat(second.<Long>getAs("target_version_after"))
        .isEqualTo(runs.get(0).<Long>getAs("target_version_after"));
  }

  @Test
  void statusReadsTheBucketsTablesWithoutSpark() {
    assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
    assertThat(status.out())
        .contains("landing watermark  2026-01-02", "target             s3a://" + BUCKET)
        .containsPattern("last run +r-\\S+ succeeded");
  }

  @Test
  void theLauncherReadsTheBucketWithS3aOnItsOwnClasspath() {
    assertThat(launcherStatus.exitCode()).as(launcherStatus.out() + launcherStatus.err()).isZero();
    assertThat(launcherStatus.out())
        .contains("landing watermark  2026-01-02", "target             s3a://" + BUCKET);
  }

  @Test
  void theReportListsTheBucketsLandingDates() throws Exception {
    assertThat(report.exitCode()).as(report.err()).isZero();
    String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("orders", "2026-01-02");
  }

  @Test
  void maintainVacuumsTheBucketsTablesAndKeepsTheirRows() throws Exception {
    assertThat(maintained.exitCode()).as(maintained.out() + maintained.err()).isZero();
    assertThat(runsFilesBeforeMaintain)
        .as("files the runs table no longer references, before maintain")
        .hasSizeGreaterThan(runsFilesReferencedBeforeMaintain.size());
    assertThat(maintained.out())
        .containsPattern("runs +[-\\d,]+ +[-\\d,]+ +[1-9][\\d,]* +" + controlTable("runs"))
        .contains(TARGET, controlTable("intervals"), controlTable("watermarks"));

    assertThat(dataFiles(controlTable("runs"))).isEqualTo(referencedFiles(controlTable("runs")));
    assertThat(dataFiles(TARGET)).isEqualTo(referencedFiles(TARGET));
    assertThat(sortedRows(TARGET)).isEqualTo(targetBeforeMaintain);
    assertThat(runs())
        .extracting(r -> r.<String>getAs("status"))
        .containsExactly("succeeded", "succeeded");
  }

  @Test
  void aBatchedBackfillKilledInItsSecondBatchGoesOnWithTheSameCommand() {
    assertThat(firstNight.exitCode()).as(firstNight.out() + firstNight.err()).isZero();
    assertThat(firstNight.out())
        .contains("Backfill 2026-01-01 .. 2026-02-02 in 2 batches", "batch 1 of 2 succeeded")
        .contains("Run the same command again to go on with batch 2 of 2");
    // The killed process skipped batch 1 and was in batch 2's stage.
    assertThat(killedBackfill)
        .contains("batch 1 of 2 (2026-01-01 .. 2026-01-31): published already, skipped")
        .contains("batch 2 of 2: 2026-02-01 .. 2026-02-02")
        .doesNotContain("batch 2 of 2 succeeded");
    assertThat(resumedBackfill.exitCode())
        .as(resumedBackfill.out() + resumedBackfill.err())
        .isZero();
    // The published first batch is not read again: the command goes on with batch 2.
    assertThat(resumedBackfill.out())
        .contains("1 batch is published already and skipped")
        .contains("batch 1 of 2 (2026-01-01 .. 2026-01-31): published already, skipped")
        .contains("batch 2 of 2 succeeded");
    List<Row> runs = runs("events");
    Row first = runs.get(0);
    assertThat(first.<Integer>getAs("batch")).isEqualTo(1);
    assertThat(first.<String>getAs("status")).isEqualTo("succeeded");
    assertThat(first.<Integer>getAs("folders_read")).isEqualTo(31);
    // The killed attempt at batch 2, closed by the next run's repair: it never reached the MERGE.
    assertThat(runs).hasSize(3);
    assertThat(runs.get(1).<Integer>getAs("batch")).isEqualTo(2);
    assertThat(runs.get(1).<String>getAs("status")).isEqualTo("interrupted");
    Row last = runs.get(2);
    assertThat(last.<Integer>getAs("batch")).isEqualTo(2);
    assertThat(last.<String>getAs("status")).isEqualTo("succeeded");
    assertThat(last.<Integer>getAs("folders_read")).isEqualTo(2);

    // Every key once, as one backfill would have left it; the watermark at the range's end.
    Dataset<Row> target = delta("s3a://" + BUCKET + "/warehouse/events");
    assertThat(target.count()).isEqualTo(eventsKeys);
    assertThat(target.select("order_id").distinct().count()).isEqualTo(eventsKeys);
    assertThat(landingWatermark("events")).isEqualTo(LocalDate.parse(EVENTS_TO));
  }

  @Test
  void theSecretIsInNoOutputLogRowOrReport() throws Exception {
    // The dump happened, redacted: the check below cannot pass because nothing was printed.
    assertThat(rerun.err() + log).contains("spark.hadoop.fs.s3a.secret.key=" + Secrets.REDACTED);

    List<String> places = new ArrayList<>();
    for (Cli.Result r :
        List.of(blocked, backfill, rerun, report, status, launcherStatus, maintained)) {
      places.add(r.out());
      places.add(r.err());
    }
    places.add(firstNight.out() + firstNight.err());
    places.add(killedBackfill);
    places.add(resumedBackfill.out() + resumedBackfill.err());
    places.add(log.toString());
    places.add(Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8));
    places.addAll(everyTableAsJson());
    places.addAll(everyDeltaLogEntry());
    assertThat(places).noneMatch(text -> text.contains(SECRET));
  }

  private static Cli.Result cli(java.time.Clock clock, String... args) {
    // What the command line does: build (here, adopt) the session with the profile's settings.
    Function<Settings, SparkSession> sessions = s -> SparkSessions.getOrCreate(s.spark());
    Cli.Result result = Cli.run(ws, "s3", sessions, clock, args);
    System.out.println(String.join(" ", args) + ":\n" + result.out() + result.err());
    return result;
  }

  /** scripts/tidemark in a process of its own, with conf/s3.conf's settings in its environment. */
  private static Cli.Result launcher(String... args) throws Exception {
    Path out = Files.createTempFile(dir, "launcher", ".out");
    Path err = Files.createTempFile(dir, "launcher", ".err");
    ProcessBuilder builder =
        launcherProcess(args).redirectOutput(out.toFile()).redirectError(err.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("scripts/tidemark " + String.join(" ", args) + " timed out");
    }
    Cli.Result result =
        new Cli.Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    System.out.printf(
        "scripts/tidemark %s took %.1f s:%n%s%s%n",
        String.join(" ", args), (System.nanoTime() - start) / 1e9, result.out(), result.err());
    return result;
  }

  /**
   * scripts/tidemark in a process of its own, killed (SIGKILL, as the OOM killer or a lost node
   * does) as soon as it has printed {@code lines}, in their order.
   *
   * @return what it printed, stdout and stderr together
   */
  private static String launchAndKill(List<String> lines, String... args) throws Exception {
    Process process = launcherProcess(args).redirectErrorStream(true).start();
    StringBuilder printed = new StringBuilder();
    int seen = 0;
    try (var out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String next;
      while ((next = out.readLine()) != null) {
        printed.append(next).append('\n');
        if (next.contains(lines.get(seen)) && ++seen == lines.size()) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          break;
        }
      }
    }
    process.waitFor(1, java.util.concurrent.TimeUnit.MINUTES);
    System.out.printf("scripts/tidemark %s, killed:%n%s%n", String.join(" ", args), printed);
    return printed.toString();
  }

  private static ProcessBuilder launcherProcess(String... args) {
    List<String> command = new ArrayList<>(List.of(PROJECT.resolve("scripts/tidemark").toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--conf-dir", ws.conf.toString(), "--profile", "s3"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("TIDEMARK_S3_ENDPOINT", server.endpoint);
    ENVIRONMENT.forEach(
        (key, value) -> {
          if (key.startsWith("TIDEMARK_")) {
            builder.environment().put(key, value);
          }
        });
    builder.environment().put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    builder.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
    // The launcher's classpath is what this shows; naming the main class skips the class archive
    // it would otherwise write on a first run (seconds of a test that is not about start-up).
    builder.environment().put("TIDEMARK_MAIN_CLASS", "dev.tidemark.cli.TidemarkCli");
    return builder;
  }

  private static Configuration s3Conf() {
    Configuration conf = new Configuration();
    conf.set("fs.s3a.endpoint", server.endpoint);
    conf.set("fs.s3a.endpoint.region", "us-east-1");
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", "false");
    conf.set(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.set("fs.s3a.access.key", ACCESS_KEY);
    conf.set("fs.s3a.secret.key", SECRET);
    return conf;
  }

  private static Dataset<Row> delta(String path) {
    return TestSpark.session().read().format("delta").load(path);
  }

  /** The data files of the Delta table at {@code path} in the bucket, by name, its log aside. */
  private static Set<String> dataFiles(String path) throws Exception {
    Set<String> names = new TreeSet<>();
    try (FileSystem s3 = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), s3Conf())) {
      RemoteIterator<LocatedFileStatus> files =
          s3.listFiles(new org.apache.hadoop.fs.Path(path), true);
      while (files.hasNext()) {
        org.apache.hadoop.fs.Path file = files.next().getPath();
        if (!file.toString().contains("/_delta_log/")) {
          names.add(file.getName());
        }
      }
    }
    return names;
  }

  /** The files the newest version of the Delta table at {@code path} reads, by name. */
  private static Set<String> referencedFiles(String path) {
    Set<String> names = new TreeSet<>();
    for (String file : delta(path).inputFiles()) {
      names.add(new org.apache.hadoop.fs.Path(file).getName());
    }
    return names;
  }

  private static List<String> sortedRows(String path) {
    return delta(path).toJSON().collectAsList().stream().sorted().toList();
  }

  private static String controlTable(String name) {
    return "s3a://" + BUCKET + "/warehouse/_tidemark/" + name;
  }

  private static LocalDate landingWatermark(String pipeline) {
    Row row =
        delta(controlTable("watermarks"))
            .where(functions.col("pipeline").equalTo(pipeline))
            .collectAsList()
            .get(0);
    return row.<java.sql.Date>getAs("landing_watermark").toLocalDate();
  }

  /** The orders pipeline's runs, oldest first. */
  private static List<Row> runs() {
    return runs("orders");
  }

  private static List<Row> runs(String pipeline) {
    return delta(controlTable("runs"))
        .where(functions.col("pipeline").equalTo(pipeline))
        .orderBy(functions.col("started_at"))
        .collectAsList();
  }

  /** Every Delta table in the bucket (target, control tables), each row as JSON. */
  private static List<String> everyTableAsJson() throws Exception {
    List<String> rows = new ArrayList<>();
    try (FileSystem s3 = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), s3Conf())) {
      for (String root : List.of("warehouse", "warehouse/_tidemark")) {
        for (FileStatus table :
            s3.listStatus(new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/" + root))) {
          if (s3.exists(new org.apache.hadoop.fs.Path(table.getPath(), "_delta_log"))) {
            rows.addAll(delta(table.getPath().toString()).toJSON().collectAsList());
          }
        }
      }
    }
    assertThat(rows).isNotEmpty();
    return rows;
  }

  /** The Delta commits themselves (commit info, metadata), as text. */
  private static List<String> everyDeltaLogEntry() throws Exception {
    List<String> entries = new ArrayList<>();
    try (FileSystem s3 = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), s3Conf())) {
      RemoteIterator<LocatedFileStatus> files =
          s3.listFiles(new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/warehouse"), true);
      while (files.hasNext()) {
        org.apache.hadoop.fs.Path file = files.next().getPath();
        if (file.getParent().getName().equals("_delta_log") && file.getName().endsWith(".json")) {
          try (var in = s3.open(file)) {
            entries.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    assertThat(entries).isNotEmpty();
    return entries;
  }
}

package dev.tidemark.source;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.RunOutcome;
import dev.tidemark.config.InvalidConfigException;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.stage.TargetDrift;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Schema drift is read from the files themselves (JSON keys, CSV headers, Parquet footers) and
 * handled by the pipeline's policy: fail, add-columns, ignore-extra. A changed type always fails,
 * before publish, with the target and the watermarks as they were.
 */
class SchemaDriftTest {
  private static final LocalDate DAY1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 1, 2);
  private static final LocalDate DAY3 = LocalDate.of(2026, 1, 3);
  private static final LocalDate DAY4 = LocalDate.of(2026, 1, 4);
  private static final String WITH_CHANNEL = Workspace.ORDERS_SCHEMA + ", channel STRING";

  @TempDir Path dir;

  @Test
  void jsonNewKeyFailsTheRunUntilDeclaredThenAddColumnsAddsItToTheTarget() {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(
        DAY1,
        "part-0.json",
        order("ORD-1", DAY1, "created", "10.00", "2026-01-01T10:00:00.000Z", 1),
        order("ORD-2", DAY1, "created", "20.00", "2026-01-01T11:00:00.000Z", 1));
    assertThat(run(ws, DAY1, DAY1)).isInstanceOf(RunOutcome.Succeeded.class);
    long version = Tables.version(ws.targetPath());
    List<String> before = Tables.target(ws.targetPath());
    Watermark watermark = watermark(ws);

    // The configuration against the target, before any file is read.
    assertThatThrownBy(
            () -> TargetDrift.check(TestSpark.session(), withSchema(ws, "fail", WITH_CHANNEL)))
        .hasMessageContaining("Cannot publish column 'channel' to the target")
        .hasMessageContaining("Set pipeline.schema-drift = add-columns");
    assertThat(TargetDrift.check(TestSpark.session(), withSchema(ws, "add-columns", WITH_CHANNEL)))
        .containsExactly("channel");
    String doubleAmount = Workspace.ORDERS_SCHEMA.replace("DECIMAL(12,2)", "DOUBLE");
    assertThatThrownBy(
            () ->
                TargetDrift.check(TestSpark.session(), withSchema(ws, "add-columns", doubleAmount)))
        .hasMessageContaining(
            "column 'amount' to the target "
                + ws.targetPath()
                + ": its type changed from"
                + " decimal(12,2) (the target) to double (pipeline.source.schema)");
    String noCurrency = Workspace.ORDERS_SCHEMA.replace(" currency STRING,", "");
    assertThatThrownBy(
            () -> TargetDrift.check(TestSpark.session(), withSchema(ws, "add-columns", noCurrency)))
        .hasMessageContaining("it has column 'currency' (string)")
        .hasMessageContaining("no longer declares");
    ws.writePipeline(false, "");
    ws.writeRaw(DAY2, "part-0.json", withChannel("ORD-3", DAY2, "web"));

    // A new key in a file, under the default policy (fail), as a user runs it.
    Cli.Result failed =
        Cli.run(
            ws,
            MutableClock.at(DAY2),
            "run",
            "orders",
            "--from",
            "2026-01-02",
            "--to",
            "2026-01-02");

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err())
        .contains("column 'channel' (string) in file:")
        .contains("dt=2026-01-02/part-0.json is not in pipeline.source.schema")
        .contains("set pipeline.schema-drift = add-columns");
    RunRecord row = new RunLog(TestSpark.session(), ws.tables()).recent("orders", 1).get(0);
    assertThat(row.status()).isEqualTo(RunStatus.FAILED);
    assertThat(row.error().orElseThrow()).contains("column 'channel' (string)");
    assertThat(Tables.version(ws.targetPath())).isEqualTo(version);
    assertThat(Tables.target(ws.targetPath())).isEqualTo(before);
    assertThat(watermark(ws)).isEqualTo(watermark);

    // add-columns adds declared columns only: an undeclared one still fails, saying what to do.
    ws.writePipeline(false, "schema-drift = add-columns");
    assertThatThrownBy(() -> check(ws, DAY2))
        .isInstanceOf(SchemaDriftException.class)
        .hasMessageContaining("adds only declared columns")
        .hasMessageContaining("\"channel STRING\"");

    // Declared: the MERGE adds the column; rows published before have NULL in it.
    ws.writePipeline(
        false, "schema-drift = add-columns\n  source.schema = \"" + WITH_CHANNEL + "\"");
    ws.writeRaw(DAY3, "part-0.json", withChannel("ORD-4", DAY3, "app"));
    assertThat(run(ws, DAY2, DAY3)).isInstanceOf(RunOutcome.Succeeded.class);

    assertThat(channels(ws)).containsExactly("ORD-1=null", "ORD-2=null", "ORD-3=web", "ORD-4=app");
    assertThat(Tables.target(ws.targetPath())).containsAll(before);
  }

  @Test
  void aRefusedDriftFailsTheRunBeforeQuarantineAndPublishThoughTheStagePassRanBesideIt() {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(
        DAY1, "part-0.json", order("ORD-1", DAY1, "created", "10.00", "2026-01-01T10:00:00Z", 1));
    assertThat(run(ws, DAY1, DAY1)).isInstanceOf(RunOutcome.Succeeded.class);
    long version = Tables.version(ws.targetPath());
    List<String> before = Tables.target(ws.targetPath());
    Watermark watermark = watermark(ws);
    // A new key, a new version of ORD-1 and a cut line: each would reach quarantine or the target.
    ws.writeRaw(
        DAY2,
        "part-0.json",
        withChannel("ORD-2", DAY2, "web"),
        order("ORD-1", DAY2, "shipped", "10.00", "2026-01-02T10:00:00Z", 2),
        "{\"order_id\":\"ORD-3\",");

    RunOutcome failed = run(ws, DAY2, DAY2);

    assertThat(failed).isInstanceOf(RunOutcome.Failed.class);
    RunRecord row = failed.run();
    assertThat(row.status()).isEqualTo(RunStatus.FAILED);
    assertThat(row.error().orElseThrow())
        .contains("column 'channel' (string) in file:")
        .contains("is not in pipeline.source.schema");
    assertThat(Tables.version(ws.targetPath())).isEqualTo(version);
    assertThat(Tables.target(ws.targetPath())).isEqualTo(before);
    assertThat(watermark(ws)).isEqualTo(watermark);
    String quarantine = ws.tables().quarantine().path();
    if (Files.exists(Path.of(quarantine, "_delta_log"))) {
      assertThat(
              Tables.delta(quarantine)
                  .where(org.apache.spark.sql.functions.col("run_id").equalTo(row.runId()))
                  .count())
          .isZero();
    }
  }

  @Test
  void jsonUnderEachPolicyAndTypeChangesAgainstFilesAndTarget() {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(DAY1, "part-0.json", withChannel("ORD-1", DAY1, "web"));

    assertThatThrownBy(() -> check(ws, policy(ws, "fail"), DAY1))
        .hasMessageContaining("column 'channel' (string)")
        .hasMessageContaining("pipeline.schema-drift = fail");
    assertThat(check(ws, policy(ws, "ignore-extra"), DAY1)).containsExactly("channel");
    assertThat(check(ws, withSchema(ws, "add-columns", WITH_CHANNEL), DAY1)).isEmpty();

    // Every amount of a file is text: the type changed. One bad amount among numbers is a bad
    // value, left to quarantine.
    ws.writeRaw(
        DAY2,
        "part-0.json",
        order("ORD-5", DAY2, "created", "\"10.00\"", "2026-01-02T10:00:00.000Z", 1),
        order("ORD-6", DAY2, "created", "\"11.00\"", "2026-01-02T10:00:00.000Z", 1));
    ws.writeRaw(
        DAY3,
        "part-0.json",
        order("ORD-7", DAY3, "created", "\"abc\"", "2026-01-03T10:00:00.000Z", 1),
        order("ORD-8", DAY3, "created", "12.00", "2026-01-03T10:00:00.000Z", 1));
    for (String policy : List.of("fail", "add-columns", "ignore-extra")) {
      assertThatThrownBy(() -> check(ws, policy(ws, policy), DAY2))
          .isInstanceOf(SchemaDriftException.class)
          .hasMessageContaining(
              "column 'amount' changed type from decimal(12,2) to string in file:")
          .hasMessageContaining("dt=2026-01-02/part-0.json");
    }
    assertThat(check(ws, policy(ws, "fail"), DAY3)).isEmpty();
  }

  /**
   * The key scan reads records as the JSON reader does: a key in single quotes (allowed by
   * default), objects in an array on one line, a multi-line file; and leaves out a key whose values
   * are all NULL, and a line cut short (quarantine's business).
   */
  @Test
  void jsonKeysAreFoundInEveryRecordTheReaderReads() {
    Workspace ws = Workspace.create(dir, false);
    String row = order("ORD-1", DAY1, "created", "5.00", DAY1 + "T12:00:00.000Z", 1);
    String open = row.substring(0, row.length() - 1);
    ws.writeRaw(
        DAY1,
        "part-0.json",
        open + ",\"note\":null}",
        open + ",\"cut\":\"x\"",
        "[" + row + ", " + open + ",'quoted':'q'}]");

    assertThat(check(ws, policy(ws, "ignore-extra"), DAY1)).containsExactly("quoted");
    assertThatThrownBy(() -> check(ws, policy(ws, "fail"), DAY1))
        .hasMessageContaining("column 'quoted' (string) in file:")
        .hasMessageContaining("dt=2026-01-01/part-0.json");

    ws.writeRaw(DAY2, "part-0.json", "[", row + ",", open + ",", "  \"channel\": 7", "}", "]");
    PipelineConfig multiLine =
        policy(ws, "schema-drift = ignore-extra\n  source.options { multiLine = true }");
    assertThat(check(ws, multiLine, DAY2)).containsExactly("channel");
  }

  @Test
  void csvIsReadByHeaderNameAndItsExtraColumnsFollowThePolicy() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "source { format = csv, options { header = \"true\" } }");
    ws.writeRaw(
        DAY1,
        "part-0.csv",
        "order_id,customer_id,order_date,status,amount,currency,updated_at,version",
        "ORD-1,CUST-1,2026-01-01,created,10.00,EUR,2026-01-01T10:00:00Z,1");
    assertThat(run(ws, DAY1, DAY1)).isInstanceOf(RunOutcome.Succeeded.class);
    // Columns reordered, and one the schema does not declare.
    ws.writeRaw(
        DAY2,
        "part-0.csv",
        "version,updated_at,channel,currency,amount,status,order_date,customer_id,order_id",
        "2,2026-01-02T09:00:00Z,web,USD,12.50,shipped,2026-01-01,CUST-1,ORD-1",
        "1,2026-01-02T10:00:00Z,app,EUR,7.00,created,2026-01-02,CUST-2,ORD-2");
    // Another file of the same day in yet another order: read separately, then put together.
    ws.writeRaw(
        DAY2,
        "part-1.csv",
        "order_id,amount,customer_id,order_date,status,currency,updated_at,version",
        "ORD-3,3.00,CUST-3,2026-01-02,created,EUR,2026-01-02T11:00:00Z,1");

    assertThatThrownBy(() -> check(ws, DAY2))
        .hasMessageContaining("column 'channel' in file:")
        .hasMessageContaining("dt=2026-01-02/part-0.csv is not in pipeline.source.schema");
    String csv = "source { format = csv, options { header = \"true\" } }\n  ";
    ws.writePipeline(false, csv + "schema-drift = add-columns");
    assertThatThrownBy(() -> check(ws, DAY2)).hasMessageContaining("adds only declared columns");
    ws.writePipeline(
        false, csv + "schema-drift = add-columns\n  source.schema = \"" + WITH_CHANNEL + "\"");
    assertThat(check(ws, DAY2)).isEmpty();

    ws.writePipeline(false, csv + "schema-drift = ignore-extra");
    assertThat(run(ws, DAY2, DAY2)).isInstanceOf(RunOutcome.Succeeded.class);

    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-1|CUST-1|2026-01-01|shipped|12.50|USD|2026-01-02 09:00:00|2",
            "ORD-2|CUST-2|2026-01-02|created|7.00|EUR|2026-01-02 10:00:00|1",
            "ORD-3|CUST-3|2026-01-02|created|3.00|EUR|2026-01-02 11:00:00|1");
    assertThat(Tables.delta(ws.targetPath()).columns()).doesNotContain("channel");
  }

  /** Parquet's footer, ORC's and Avro's header: the schema the writer recorded, with its types. */
  @ParameterizedTest
  @ValueSource(strings = {"parquet", "orc", "avro"})
  void theFilesOwnSchemaShowsExtraColumnsAndAChangedTypeFailsTheRunBeforePublish(String format)
      throws IOException {
    Workspace ws = Workspace.create(dir, false);
    String parquet = "source.format = " + format + "\n  ";
    ws.writePipeline(false, parquet);
    write(
        format,
        ws,
        DAY1,
        Workspace.ORDERS_SCHEMA,
        RowFactory.create(
            "ORD-1",
            "CUST-1",
            java.sql.Date.valueOf(DAY1),
            "created",
            new java.math.BigDecimal("10.00"),
            "EUR",
            java.sql.Timestamp.valueOf("2026-01-01 10:00:00"),
            1));
    assertThat(run(ws, DAY1, DAY1)).isInstanceOf(RunOutcome.Succeeded.class);
    long version = Tables.version(ws.targetPath());
    List<String> before = Tables.target(ws.targetPath());
    assertThat(before)
        .containsExactly("ORD-1|CUST-1|2026-01-01|created|10.00|EUR|2026-01-01 10:00:00|1");
    Watermark watermark = watermark(ws);

    // An extra column, with the type its footer gives it.
    write(
        format,
        ws,
        DAY2,
        WITH_CHANNEL,
        RowFactory.create(
            "ORD-2",
            "CUST-1",
            java.sql.Date.valueOf(DAY2),
            "created",
            new java.math.BigDecimal("5.00"),
            "EUR",
            java.sql.Timestamp.valueOf("2026-01-02 10:00:00"),
            2,
            "web"));
    assertThatThrownBy(() -> check(ws, DAY2))
        .hasMessageContaining("column 'channel' (string) in file:")
        .hasMessageContaining("dt=2026-01-02/part-0." + format);
    assertThat(check(ws, policy(ws, parquet + "schema-drift = ignore-extra"), DAY2))
        .containsExactly("channel");
    String addColumns = parquet + "schema-drift = add-columns";
    assertThat(check(ws, withSchema(ws, addColumns, WITH_CHANNEL), DAY2)).isEmpty();
    // int in the file read as a declared bigint is a widening Spark does without loss; the
    // other way round is a changed type.
    String wider = WITH_CHANNEL.replace("version INT", "version BIGINT");
    assertThat(check(ws, withSchema(ws, addColumns, wider), DAY2)).isEmpty();
    String narrower = WITH_CHANNEL.replace("version INT", "version SMALLINT");
    assertThatThrownBy(() -> check(ws, withSchema(ws, addColumns, narrower), DAY2))
        .hasMessageContaining("column 'version' changed type from smallint to int");

    // A changed type fails the run, under any policy, before publish.
    write(
        format,
        ws,
        DAY3,
        Workspace.ORDERS_SCHEMA.replace("amount DECIMAL(12,2)", "amount STRING"),
        RowFactory.create(
            "ORD-3",
            "CUST-1",
            java.sql.Date.valueOf(DAY3),
            "created",
            "7.00",
            "EUR",
            java.sql.Timestamp.valueOf("2026-01-03 10:00:00"),
            1));
    ws.writePipeline(false, parquet + "schema-drift = ignore-extra");
    RunOutcome outcome = run(ws, DAY3, DAY3);

    assertThat(outcome).isInstanceOf(RunOutcome.Failed.class);
    assertThat(outcome.run().error().orElseThrow())
        .contains("column 'amount' changed type from decimal(12,2) to string in file:")
        .contains("dt=2026-01-03/part-0." + format);
    assertThat(Tables.version(ws.targetPath())).isEqualTo(version);
    assertThat(Tables.target(ws.targetPath())).isEqualTo(before);
    assertThat(watermark(ws)).isEqualTo(watermark);

    // A file that is not of its format (cut, or another format under its name) names itself.
    Path garbage = ws.raw.resolve("dt=" + DAY4).resolve("part-0." + format);
    Files.createDirectories(garbage.getParent());
    Files.write(garbage, "not a columnar file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RunOutcome unreadable = run(ws, DAY4, DAY4);
    assertThat(unreadable).isInstanceOf(RunOutcome.Failed.class);
    assertThat(unreadable.run().error().orElseThrow())
        .contains("Cannot read the ")
        .contains("file:" + garbage)
        .contains("Deliver the file again");
    assertThat(Tables.target(ws.targetPath())).isEqualTo(before);
  }

  @Test
  void anUnknownPolicyIsAConfigurationError() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "schema-drift = sometimes");

    assertThatThrownBy(ws::config)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Cannot use pipeline.schema-drift = \"sometimes\"")
        .hasMessageContaining("orders.conf")
        .hasMessageContaining("allowed are fail, add-columns, ignore-extra");
  }

  private static RunOutcome run(Workspace ws, LocalDate from, LocalDate to) {
    return ws.pipeline(MutableClock.at(to)).run(Optional.of(new DateRange(from, to)));
  }

  private static Watermark watermark(Workspace ws) {
    return new WatermarkStore(TestSpark.session(), ws.tables()).read("orders");
  }

  /** The drift check of the workspace's pipeline as configured now, over one landing folder. */
  private static List<String> check(Workspace ws, LocalDate landing) {
    return check(ws, ws.config().pipeline(), landing);
  }

  private static List<String> check(Workspace ws, PipelineConfig pipeline, LocalDate landing) {
    return SchemaDrift.check(TestSpark.session(), pipeline, files(ws, landing));
  }

  /** The pipeline with this policy (and any other HOCON given with it). */
  private static PipelineConfig policy(Workspace ws, String policyOrHocon) {
    String hocon = policyOrHocon.contains("=") ? policyOrHocon : "schema-drift = " + policyOrHocon;
    return ws.writePipeline(false, hocon).config().pipeline();
  }

  private static PipelineConfig withSchema(Workspace ws, String policyOrHocon, String schema) {
    String hocon = policyOrHocon.contains("=") ? policyOrHocon : "schema-drift = " + policyOrHocon;
    return ws.writePipeline(false, hocon + "\n  source.schema = \"" + schema + "\"")
        .config()
        .pipeline();
  }

  private static List<SourceFile> files(Workspace ws, LocalDate landing) {
    return files(ws.raw.resolve("dt=" + landing));
  }

  private static List<SourceFile> files(Path folder) {
    try (Stream<Path> listed = Files.list(folder)) {
      return listed
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .map(
              p -> {
                try {
                  return new SourceFile(
                      "file:" + p, Files.size(p), Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String withChannel(String id, LocalDate day, String channel) {
    String json = order(id, day, "created", "5.00", day + "T12:00:00.000Z", 1);
    return json.substring(0, json.length() - 1) + ",\"channel\":\"" + channel + "\"}";
  }

  private static List<String> channels(Workspace ws) {
    return Tables.delta(ws.targetPath()).orderBy("order_id").collectAsList().stream()
        .map(r -> r.<String>getAs("order_id") + "=" + r.<String>getAs("channel"))
        .toList();
  }

  /** One Parquet file written by Spark, moved into the landing folder as part-0.parquet. */
  /** One row as one file of the format (parquet, orc), part-0.<format> in the landing folder. */
  private static void write(String format, Workspace ws, LocalDate landing, String ddl, Row row) {
    Path out = ws.root.resolve(format + "-" + landing);
    TestSpark.session()
        .createDataFrame(List.of(row), StructType.fromDDL(ddl))
        .coalesce(1)
        .write()
        .format(format)
        .save(out.toString());
    try (Stream<Path> written = Files.list(out)) {
      Path part =
          written.filter(p -> p.getFileName().toString().endsWith("." + format)).findFirst().get();
      Path target = ws.raw.resolve("dt=" + landing).resolve("part-0." + format);
      Files.createDirectories(target.getParent());
      Files.move(part, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

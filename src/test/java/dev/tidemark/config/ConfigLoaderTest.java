package dev.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration loads into validated records, and every mistake names file, key and value. */
class ConfigLoaderTest {
  private static final String VALID =
      """
      pipeline {
        source {
          path = "raw/orders"
          schema = "order_id STRING, order_date DATE, amount DECIMAL(12,2), updated_at TIMESTAMP, version INT"
        }
        keys = [order_id]
        sequence = [updated_at, version]
        partition-column = order_date
      }
      """;

  @TempDir Path dir;

  private Path conf() throws IOException {
    Path conf = dir.resolve("conf");
    Files.createDirectories(conf.resolve("pipelines"));
    Files.writeString(
        conf.resolve("local.conf"), "tidemark.warehouse = \"" + dir.resolve("wh") + "\"\n");
    return conf;
  }

  private TidemarkConfig load(String pipelineText, Path... extra) throws IOException {
    Path conf = conf();
    Files.writeString(conf.resolve("pipelines/orders.conf"), pipelineText);
    return ConfigLoader.load(new ConfigRequest(conf, "local", "orders", List.of(extra)));
  }

  private void assertFails(String pipelineText, String... fragments) {
    assertThatThrownBy(() -> load(pipelineText))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Cannot")
        .hasMessageContainingAll(fragments);
  }

  @Test
  void aValidPipelineLoadsWithItsDefaults() throws IOException {
    TidemarkConfig config = load(VALID);
    PipelineConfig p = config.pipeline();

    assertThat(p.name()).isEqualTo("orders");
    assertThat(p.source().format()).isEqualTo(DataFormat.JSON);
    assertThat(p.source().path()).isEqualTo(Path.of("raw/orders").toAbsolutePath().toString());
    assertThat(p.keys()).containsExactly("order_id");
    assertThat(p.eventTimeColumn()).isEqualTo("updated_at");
    assertThat(p.lookbackDays()).isEqualTo(3);
    assertThat(p.startDate()).isEmpty();
    assertThat(p.targetPath()).isEqualTo(dir.resolve("wh").resolve("orders").toString());
    assertThat(p.comparedColumns())
        .containsExactly("order_date", "amount", "updated_at", "version");
    assertThat(p.reconcile().golden()).isEmpty();
    assertThat(config.settings().controlLocation())
        .isEqualTo(dir.resolve("wh/_tidemark").toString());
    assertThat(config.settings().lock().staleAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.layers())
        .containsExactly(
            "reference.conf",
            display(dir.resolve("conf/local.conf")),
            display(dir.resolve("conf/pipelines/orders.conf")));
  }

  @Test
  void laterLayersWin() throws IOException {
    Path extra = dir.resolve("extra.conf");
    Files.writeString(extra, "pipeline { lookback-days = 7, start-date = \"2026-02-01\" }\n");
    PipelineConfig p = load(VALID, extra).pipeline();
    assertThat(p.lookbackDays()).isEqualTo(7);
    assertThat(p.startDate()).contains(LocalDate.of(2026, 2, 1));
  }

  @Test
  void theLookbackIsADurationInWholeHoursAndTheOlderLookbackDaysStillCounts() throws IOException {
    assertThat(load(VALID).pipeline().lookback()).isEqualTo(Duration.ofDays(3));
    PipelineConfig hours = load(VALID + "pipeline.lookback = 6h\n").pipeline();
    assertThat(hours.lookback()).isEqualTo(Duration.ofHours(6));
    assertThat(hours.lookbackDays()).as("a daily layout counts a part of a day whole").isEqualTo(1);
    assertThat(load(VALID + "pipeline.lookback-days = 5\n").pipeline().lookback())
        .isEqualTo(Duration.ofDays(5));
    assertFails(
        VALID + "pipeline.lookback = 90m\n",
        "pipeline.lookback = 90m",
        "orders.conf: ",
        "allowed is whole hours from 0 to 3650 days, e.g. 3d");
    assertFails(
        VALID + "pipeline.lookback = 2d\npipeline.lookback-days = 2\n",
        "Cannot use both pipeline.lookback",
        "keep pipeline.lookback");
  }

  @Test
  void theConfigurationHashChangesWithWhatShapesTheTargetOnly() throws IOException {
    String base = load(VALID).configHash();
    Path lookback = dir.resolve("lookback.conf");
    Files.writeString(lookback, "pipeline.lookback-days = 9\n");
    Path keys = dir.resolve("keys.conf");
    Files.writeString(keys, "pipeline.sequence = [updated_at]\n");
    assertThat(load(VALID, lookback).configHash()).isEqualTo(base);
    assertThat(load(VALID, keys).configHash()).isNotEqualTo(base);
  }

  @Test
  void anUnknownKeyIsRejectedWithTheAllowedOnes() {
    assertFails(
        VALID + "pipeline.lookbak-days = 3\n",
        "unknown key pipeline.lookbak-days",
        "orders.conf: ",
        "lookback-days");
  }

  @Test
  void decimalRoundingIsQuarantineUnlessThePipelineSaysRound() throws IOException {
    assertThat(load(VALID).pipeline().source().roundDecimals()).isFalse();
    String base = load(VALID).configHash();
    Path round = dir.resolve("round.conf");
    Files.writeString(round, "pipeline.source.decimal-rounding = round\n");
    TidemarkConfig rounding = load(VALID, round);
    assertThat(rounding.pipeline().source().roundDecimals()).isTrue();
    // Rounding changes what the target holds: processed dates are stale after the change.
    assertThat(rounding.configHash()).isNotEqualTo(base);
    assertFails(
        VALID + "pipeline.source.decimal-rounding = truncate\n",
        "pipeline.source.decimal-rounding = \"truncate\"",
        "orders.conf: 10",
        "allowed are quarantine and round");
  }

  @Test
  void aLayoutIsReadCheckedAndKeepsTheLedgerOfTheDefault() throws IOException {
    String base = load(VALID).configHash();
    assertThat(load(VALID).pipeline().source().layout()).isEqualTo(LandingLayout.flat("dt="));
    Path same = dir.resolve("same.conf");
    Files.writeString(same, "pipeline.source.layout = \"dt={date}\"\n");
    // Writing the default as a layout changes nothing the ledger knows.
    assertThat(load(VALID, same).configHash()).isEqualTo(base);
    Path hourly = dir.resolve("hourly.conf");
    Files.writeString(hourly, "pipeline.source.layout = \"{yyyy}/{MM}/{dd}/{HH}\"\n");
    TidemarkConfig firehose = load(VALID, hourly);
    assertThat(firehose.pipeline().source().layout().hourly()).isTrue();
    assertThat(firehose.configHash()).isNotEqualTo(base);

    assertFails(
        VALID + "pipeline.source.layout = \"{dd}/{MM}/{yyyy}\"\n",
        "Cannot use pipeline.source.layout (",
        "orders.conf: 10",
        "{yyyy}, {MM} and {dd} must come in that order");
    assertFails(
        VALID
            + "pipeline.source.landing-prefix = \"day=\"\n"
            + "pipeline.source.layout = \"{yyyy}/{MM}/{dd}\"\n",
        "Cannot use both pipeline.source.layout (",
        "Write pipeline.source.layout = \"day={date}\" and remove pipeline.source.landing-prefix");
  }

  @Test
  void anUnknownKeyNamesTheNearestKnownOne() {
    assertFails(
        VALID + "pipeline.source.landing-prefx = \"day=\"\n",
        "unknown key pipeline.source.landing-prefx",
        "did you mean landing-prefix?");
  }

  @Test
  void anUnknownTopLevelKeyIsRejectedWithFileLineAndTheNearestKey() {
    assertFails(
        VALID + "\npipline {\n  lookback-days = 7\n}\n",
        "Cannot use unknown key pipline (",
        "orders.conf: 11)",
        "allowed top-level keys are pipeline, tidemark",
        "did you mean pipeline?");
  }

  @Test
  void anUnknownTopLevelKeyInAProfileOrAConfigFileIsRejectedToo() throws IOException {
    Path extra = dir.resolve("extra.conf");
    Files.writeString(extra, "tidemrk.warehouse = \"elsewhere\"\n");
    assertThatThrownBy(() -> load(VALID, extra))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll("unknown key tidemrk", "extra.conf: 1", "did you mean tidemark?");
  }

  @Test
  void systemPropertiesAndTheEnvironmentAreNotUnknownKeys() throws IOException {
    // The JVM always has java.* and user.* properties; they are not Tidemark's keys to judge.
    assertThat(System.getProperties()).containsKey("java.version");
    assertThat(load(VALID).pipeline().name()).isEqualTo("orders");
  }

  @Test
  void aMissingKeyIsNamed() {
    assertFails(
        VALID.replace("keys = [order_id]", ""),
        "Cannot find required key pipeline.keys",
        "orders.conf",
        "e.g. [order_id]");
  }

  @Test
  void aValueOfTheWrongTypeIsShownWithWhatIsAllowed() {
    assertFails(
        VALID + "pipeline.lookback-days = three\n",
        "pipeline.lookback-days = \"three\"",
        "orders.conf: ",
        "whole number");
  }

  @Test
  void anUnknownFormatListsTheFormats() {
    assertFails(
        VALID + "pipeline.source.format = jsn\n",
        "pipeline.source.format = \"jsn\"",
        "allowed formats are json, csv, parquet");
  }

  @Test
  void aKeyColumnNotInTheSchemaIsNamed() {
    assertFails(
        VALID.replace("keys = [order_id]", "keys = [order_key]"),
        "column 'order_key' in pipeline.keys",
        "not in pipeline.source.schema",
        "order_id, order_date");
  }

  @Test
  void aSchemaThatIsNotDdlIsRejected() {
    assertFails(
        VALID.replace("amount DECIMAL(12,2)", "amount DECIMAL(12,"),
        "Cannot parse pipeline.source.schema",
        "Spark DDL");
  }

  @Test
  void anEventTimeThatIsNotATimestampIsRejected() {
    assertFails(
        VALID.replace("sequence = [updated_at, version]", "sequence = [version]"),
        "'version' as the event-time column",
        "int",
        "pipeline.event-time-column");
  }

  @Test
  void reservedColumnNamesAndBadDatesAreRejected() {
    assertFails(VALID.replace("version INT", "_tm_row_hash BIGINT"), "_tm_row_hash", "reserved");
    assertFails(
        VALID + "pipeline.start-date = \"2026-02-30\"\n", "pipeline.start-date", "YYYY-MM-DD");
  }

  @Test
  void anUnknownPipelineOrProfileListsWhatExists() throws IOException {
    Path conf = conf();
    Files.writeString(conf.resolve("pipelines/orders.conf"), VALID);
    assertThatThrownBy(
            () -> ConfigLoader.load(new ConfigRequest(conf, "local", "ordrs", List.of())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll("Cannot find pipeline 'ordrs'", "orders");
    assertThatThrownBy(
            () -> ConfigLoader.load(new ConfigRequest(conf, "prod", "orders", List.of())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll("Cannot find profile 'prod'", "prod.conf");
  }

  @Test
  void theShippedSamplePipelineLoads() {
    TidemarkConfig config =
        ConfigLoader.load(new ConfigRequest(Path.of("conf"), "local", "orders", List.of()));
    assertThat(config.pipeline().partitionColumn()).contains("order_date");
    assertThat(config.pipeline().reconcile().golden()).isPresent();
    assertThat(config.settings().spark().master()).isEqualTo("local[*]");
  }

  /** The cluster profile has no warehouse of its own: a relative one would be each node's disk. */
  @Test
  void theShippedClusterProfileNeedsAWarehouseFromTheEnvironment() throws IOException {
    assertThat(System.getenv("TIDEMARK_WAREHOUSE")).as("this test's environment").isNull();
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    new ConfigRequest(Path.of("conf"), "cluster", "orders", List.of())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll(
            "conf/cluster.conf", "${TIDEMARK_WAREHOUSE}", "Set that environment variable");

    Path warehouse = dir.resolve("warehouse.conf");
    Files.writeString(warehouse, "tidemark.warehouse = \"hdfs:///data/tidemark\"\n");
    TidemarkConfig config =
        ConfigLoader.load(
            new ConfigRequest(Path.of("conf"), "cluster", "orders", List.of(warehouse)));
    assertThat(config.settings().warehouse()).isEqualTo("hdfs:///data/tidemark");
    assertThat(config.pipeline().target().path()).contains("hdfs:///data/tidemark/orders");
    assertThat(config.settings().lock().waitFor()).hasMinutes(10);
  }

  private static String display(Path path) {
    return ConfigLoader.display(path);
  }
}

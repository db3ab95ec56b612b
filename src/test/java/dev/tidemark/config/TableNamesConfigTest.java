package dev.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.control.ControlStore;
import dev.tidemark.table.TableName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets and control tables given as names: what loads, and what is refused and why. */
class TableNamesConfigTest {
  private static final String PIPELINE =
      """
      pipeline {
        source { path = "raw/orders", schema = "order_id STRING, updated_at TIMESTAMP" }
        keys = [order_id]
        sequence = [updated_at]
      %s
      }
      """;

  @TempDir Path dir;

  private TidemarkConfig load(String profile, String pipeline) throws IOException {
    Path conf = dir.resolve("conf");
    Files.createDirectories(conf.resolve("pipelines"));
    Files.writeString(
        conf.resolve("local.conf"),
        "tidemark.warehouse = \"" + dir.resolve("wh") + "\"\n" + profile + "\n");
    Files.writeString(conf.resolve("pipelines/orders.conf"), PIPELINE.formatted(pipeline));
    return ConfigLoader.load(new ConfigRequest(conf, "local", "orders", List.of()));
  }

  @Test
  void namesLoadAndSessionCatalogNamesGetAFolderUnderTheWarehouse() throws IOException {
    TidemarkConfig config =
        load(
            "tidemark.control-schema = \"spark_catalog.tidemark\"",
            "target.table = \"spark_catalog.sales.Orders\"");
    String wh = dir.resolve("wh").toString();

    assertThat(config.pipeline().target())
        .isEqualTo(
            new TableName(
                List.of("spark_catalog", "sales", "Orders"),
                Optional.of(wh + "/catalog/sales.db/orders")));
    assertThat(config.pipeline().target().sql()).isEqualTo("`spark_catalog`.`sales`.`Orders`");
    ControlStore tables = ControlStore.of(config.settings());
    assertThat(tables.runs().ref().toString()).isEqualTo("spark_catalog.tidemark.runs");
    assertThat(tables.snapshotCoverage().ref().toString())
        .isEqualTo("spark_catalog.tidemark.snapshot_coverage");
    // Staging tables and run locks stay files.
    assertThat(tables.stagingPath("orders", "r1")).isEqualTo(wh + "/_tidemark/staging/orders/r1");
    assertThat(tables.locksPath()).isEqualTo(wh + "/_tidemark/locks");
    // The same folder would be needed by a path-addressed tool: refused, not guessed.
    assertThatThrownBy(() -> config.pipeline().targetPath())
        .hasMessageContaining("spark_catalog.sales.Orders");
  }

  @Test
  void aNameInAnotherCatalogIsLeftToThatCatalog() throws IOException {
    TidemarkConfig config = load("", "target.table = \"main.sales.orders\"");

    assertThat(config.pipeline().target())
        .isEqualTo(new TableName(List.of("main", "sales", "orders"), Optional.empty()));
    assertThat(ControlStore.of(config.settings()).runs().ref().path())
        .contains(dir.resolve("wh") + "/_tidemark/runs");
  }

  @Test
  void aTableIsAPathOrAName_notBoth() {
    assertThatThrownBy(
            () -> load("", "target { path = \"/data/orders\", table = \"main.sales.orders\" }"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll(
            "Cannot use both pipeline.target.path = \"/data/orders\"",
            "pipeline.target.table = \"main.sales.orders\"",
            "conf/pipelines/orders.conf",
            "remove one of them");
    assertThatThrownBy(
            () ->
                load(
                    "tidemark { control-location = \"/ctl\", control-schema = \"main.tidemark\" }",
                    ""))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll(
            "Cannot use both tidemark.control-location = \"/ctl\"",
            "tidemark.control-schema = \"main.tidemark\"",
            "conf/local.conf");
  }

  @Test
  void aBadNameSaysWhatIsAllowed() {
    assertThatThrownBy(() -> load("", "target.table = \"orders\""))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll(
            "Cannot use pipeline.target.table = \"orders\"",
            "it has 1 part",
            "allowed is a name catalog.schema.table or schema.table");
    assertThatThrownBy(() -> load("", "target.table = \"main.sales.daily-orders\""))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll(
            "'daily-orders' is not a plain identifier", "letters, digits and '_'");
    assertThatThrownBy(() -> load("tidemark.control-schema = \"a.b.c\"", ""))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll(
            "Cannot use tidemark.control-schema = \"a.b.c\"",
            "it has 3 parts",
            "catalog.schema or schema");
  }

  @Test
  void aTargetSchemaNamesEachPipelinesTargetUnlessThePipelineNamesItsOwn() throws IOException {
    String profile = "tidemark.target-schema = \"spark_catalog.sales\"";
    String wh = dir.resolve("wh").toString();

    assertThat(load(profile, "").pipeline().target())
        .isEqualTo(
            new TableName(
                List.of("spark_catalog", "sales", "orders"),
                Optional.of(wh + "/catalog/sales.db/orders")));
    assertThat(load(profile, "target.table = \"main.gold.orders\"").pipeline().target())
        .isEqualTo(new TableName(List.of("main", "gold", "orders"), Optional.empty()));
    assertThat(load(profile, "target.path = \"/data/orders\"").pipeline().target().path())
        .contains("/data/orders");
    // Control tables are not targets: they stay where control-location says.
    assertThat(ControlStore.of(load(profile, "").settings()).runs().ref().path())
        .contains(wh + "/_tidemark/runs");
  }

  @Test
  void aPipelineNameThatIsNoTableNameUnderATargetSchemaIsRefused() throws IOException {
    load("tidemark.target-schema = \"main.sales\"", "");
    Path conf = dir.resolve("conf");
    Files.copy(conf.resolve("pipelines/orders.conf"), conf.resolve("pipelines/daily-orders.conf"));

    assertThatThrownBy(
            () -> ConfigLoader.load(new ConfigRequest(conf, "local", "daily-orders", List.of())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll(
            "Cannot name the target of pipeline 'daily-orders' in tidemark.target-schema ="
                + " \"main.sales\"",
            "conf/local.conf",
            "'daily-orders' is not a plain identifier",
            "set pipeline.target.table");
  }
}

package dev.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pipeline.quality loads into typed checks, and every mistake in a check names the check's key, the
 * file and line, the value and what is allowed. No Spark.
 */
class QualityConfigTest {
  private static final String PIPELINE =
      """
      pipeline {
        source {
          path = "raw/orders"
          schema = "order_id STRING, customer_id STRING, status STRING, amount DECIMAL(12,2), updated_at TIMESTAMP"
        }
        keys = [order_id]
        sequence = [updated_at]
      %s
      }
      """;

  @TempDir Path dir;

  private PipelineConfig load(String quality) throws IOException {
    Path conf = dir.resolve("conf");
    Files.createDirectories(conf.resolve("pipelines"));
    Files.writeString(
        conf.resolve("local.conf"), "tidemark.warehouse = \"" + dir.resolve("wh") + "\"\n");
    Files.writeString(conf.resolve("pipelines/orders.conf"), PIPELINE.formatted(quality));
    return ConfigLoader.load(new ConfigRequest(conf, "local", "orders", List.of())).pipeline();
  }

  private void assertFails(String quality, String... fragments) {
    assertThatThrownBy(() -> load(quality))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Cannot")
        .hasMessageContainingAll(fragments);
  }

  @Test
  void withoutChecksThereAreNoGates() throws IOException {
    QualityConfig quality = load("").quality();
    assertThat(quality.checks()).isEmpty();
    assertThat(quality.sampleSize()).isEqualTo(20);
  }

  @Test
  void everyCheckTypeLoadsWithDefaultNamesAndSeverity() throws IOException {
    QualityConfig quality =
        load("""
                quality {
                  sample-size = 5
                  checks = [
                    { type = unique, columns = [customer_id, status], severity = warn }
                    { type = not_null, columns = [customer_id] }
                    { type = accepted_values, columns = [status], values = [placed, shipped] }
                    { type = expression, expression = "amount >= 0 AND upper(status) <> 'X'" }
                    { name = daily-volume, type = row_count, min = 10, max-change-percent = 25.5 }
                    { type = freshness, max-age = 36h }
                  ]
                }
                """)
            .quality();

    assertThat(quality.sampleSize()).isEqualTo(5);
    assertThat(quality.checks())
        .extracting(QualityCheckConfig::name)
        .containsExactly(
            "unique_customer_id_status",
            "not_null_customer_id",
            "accepted_values_status",
            "expression_4",
            "daily-volume",
            "freshness");
    assertThat(quality.checks())
        .extracting(QualityCheckConfig::severity)
        .containsExactly(
            QualitySeverity.WARN,
            QualitySeverity.ERROR,
            QualitySeverity.ERROR,
            QualitySeverity.ERROR,
            QualitySeverity.ERROR,
            QualitySeverity.ERROR);
    QualityCheckConfig rowCount = quality.checks().get(4);
    assertThat(rowCount.minRows()).hasValue(10);
    assertThat(rowCount.maxRows()).isEmpty();
    assertThat(rowCount.maxChangePercent()).hasValue(25.5);
    assertThat(rowCount.describe()).isEqualTo("row_count min 10, max-change-percent 25.5");
    assertThat(quality.checks().get(2).values()).containsExactly("placed", "shipped");
    assertThat(quality.checks().get(5).maxAge()).hasValue(Duration.ofHours(36));
    assertThat(quality.checks().get(3).key()).isEqualTo("pipeline.quality.checks[3]");
  }

  @Test
  void anUnknownTypeListsTheTypes() {
    assertFails(
        "quality.checks = [ { type = uniq, columns = [order_id] } ]",
        "pipeline.quality.checks[0].type = \"uniq\"",
        "orders.conf: 8",
        "allowed types are unique, not_null, accepted_values, expression, row_count, freshness");
  }

  @Test
  void anUnknownSeverityIsRejected() {
    assertFails(
        "quality.checks = [ { type = not_null, columns = [order_id], severity = fatal } ]",
        "pipeline.quality.checks[0].severity = \"fatal\"",
        "allowed are error, warn");
  }

  @Test
  void aColumnNotInTheSchemaIsNamed() {
    assertFails(
        "quality.checks = [ { type = not_null, columns = [order_id] }, "
            + "{ type = unique, columns = [customer] } ]",
        "pipeline.quality.checks[1].columns",
        "column 'customer' is not in pipeline.source.schema",
        "order_id, customer_id, status, amount, updated_at");
  }

  @Test
  void anExpressionThatDoesNotParseOrNamesAnUnknownColumnIsRejected() {
    assertFails(
        "quality.checks = [ { name = positive, type = expression, expression = \"amount >= \" } ]",
        "Cannot parse \"amount >=\"",
        "pipeline.quality.checks[0].expression (",
        "as a SQL expression");
    assertFails(
        "quality.checks = [ { type = expression, expression = \"amont >= 0\" } ]",
        "Cannot use column 'amont' in \"amont >= 0\"",
        "pipeline.quality.checks[0].expression");
  }

  @Test
  void aKeyTheTypeDoesNotTakeIsRejectedWithTheKeysItTakes() {
    assertFails(
        "quality.checks = [ { type = accepted_values, column = status, values = [a] } ]",
        "pipeline.quality.checks[0].column (",
        "a accepted_values check takes columns, name, severity, type, values");
  }

  @Test
  void incompleteOrContradictoryChecksAreRejected() {
    assertFails(
        "quality.checks = [ { type = row_count } ]",
        "row_count check at pipeline.quality.checks[0]",
        "set min, max or max-change-percent");
    assertFails(
        "quality.checks = [ { type = row_count, min = 10, max = 5 } ]",
        "pipeline.quality.checks[0].min = 10",
        "min must not exceed max");
    assertFails(
        "quality.checks = [ { type = freshness, max-age = soon } ]",
        "pipeline.quality.checks[0].max-age",
        "a duration such as 36h or 2d");
    assertFails(
        "quality.checks = [ { type = accepted_values, columns = [status] } ]",
        "Cannot find pipeline.quality.checks[0].values");
    assertFails(
        "quality.checks = [ { type = not_null, columns = [status] }, "
            + "{ type = not_null, columns = [status], severity = warn } ]",
        "the check name 'not_null_status' twice");
    assertFails("quality.checks = [ not_null ]", "a check is an object");
  }
}

package dev.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delete keys load with their defaults, and each mistake names the key and what is allowed. */
class DeleteConfigTest {
  private static final String PIPELINE =
      """
      pipeline {
        source {
          path = "raw/orders"
          schema = "order_id STRING, op STRING, order_date DATE, updated_at TIMESTAMP, n INT"
        }
        keys = [order_id]
        sequence = [updated_at]
        partition-column = order_date
      %s
      }
      """;

  @TempDir Path dir;

  private TidemarkConfig load(String extra) throws IOException {
    Path conf = dir.resolve("conf");
    Files.createDirectories(conf.resolve("pipelines"));
    Files.writeString(
        conf.resolve("local.conf"), "tidemark.warehouse = \"" + dir.resolve("wh") + "\"\n");
    Files.writeString(conf.resolve("pipelines/orders.conf"), PIPELINE.formatted(extra));
    return ConfigLoader.load(new ConfigRequest(conf, "local", "orders", List.of()));
  }

  private void assertFails(String extra, String... fragments) {
    assertThatThrownBy(() -> load(extra))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Cannot")
        .hasMessageContainingAll(fragments);
  }

  @Test
  void defaultsAreAChangeFeedWithoutDeletesAndLeaveTheConfigHashAlone() throws IOException {
    TidemarkConfig config = load("");
    assertThat(config.pipeline().deletes()).isEqualTo(DeleteConfig.none());
    assertThat(config.pipeline().deletes().deletes()).isFalse();

    TidemarkConfig tombstones = load("deletes { op-column = op, tombstone-retention = 7d }");
    DeleteConfig d = tombstones.pipeline().deletes();
    assertThat(d.opColumn()).isEqualTo(Optional.of("op"));
    assertThat(d.deleteValues()).containsExactly("D");
    assertThat(d.tombstoneRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(tombstones.configHash()).isNotEqualTo(config.configHash());

    DeleteConfig snapshot =
        load("source.mode = snapshot\ndeletes.delete-missing = true\npartition-may-change = true")
            .pipeline()
            .deletes();
    assertThat(snapshot.snapshot()).isTrue();
    assertThat(snapshot.deleteMissing()).isTrue();
    assertThat(snapshot.partitionMayChange()).isTrue();
  }

  @Test
  void mistakesNameTheKeyTheValueAndWhatIsAllowed() {
    assertFails("source.mode = full", "pipeline.source.mode = \"full\"", "orders.conf", "snapshot");
    assertFails("deletes.op-column = operation", "'operation'", "pipeline.deletes.op-column");
    assertFails("deletes.op-column = n", "'n'", "allowed is a string column");
    assertFails("deletes.op-column = updated_at", "key or sequence column");
    assertFails(
        "deletes { op-column = op, delete-values = [] }", "pipeline.deletes.delete-values = []");
    assertFails("deletes.tombstone-retention = 0s", "tombstone-retention", "positive duration");
    assertFails(
        "deletes.delete-missing = true",
        "pipeline.deletes.delete-missing = true",
        "pipeline.source.mode = snapshot");
    assertFails("deletes.delete-missing = maybe", "delete-missing", "true or false");
    assertFails(
        "partition-column = \"\"\npartition-may-change = true",
        "pipeline.partition-may-change = true",
        "without pipeline.partition-column");
  }
}

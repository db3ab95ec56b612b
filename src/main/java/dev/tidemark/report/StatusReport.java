package dev.tidemark.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.ledger.ControlTables;
import dev.tidemark.ledger.RunLog;
import dev.tidemark.ledger.RunRecord;
import dev.tidemark.ledger.Watermark;
import dev.tidemark.ledger.WatermarkStore;
import dev.tidemark.publish.TargetTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * {@code tidemark status}: reads a pipeline's state from the control tables, and renders it as JSON
 * with a stable shape (documented in the README) for scripts and alerts.
 */
public final class StatusReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatusReport() {}

  public static PipelineStatus read(SparkSession spark, TidemarkConfig config, Clock clock) {
    ControlTables tables = new ControlTables(config.settings().controlLocation());
    String name = config.pipeline().name();
    Watermark watermark = new WatermarkStore(spark, tables).read(name);
    Instant now = clock.instant();
    Optional<Long> lag = watermark.event().map(e -> Duration.between(e, now).toSeconds());
    Optional<RunRecord> last = new RunLog(spark, tables).recent(name, 1).stream().findFirst();
    TargetTable target = new TargetTable(spark, config.pipeline().targetPath());
    return new PipelineStatus(
        name,
        now,
        watermark,
        lag,
        target.path(),
        target.version(),
        last,
        Optional.empty(),
        0,
        java.util.List.of(),
        java.util.List.of(),
        java.util.List.of());
  }

  public static String json(PipelineStatus status) {
    ObjectNode root = JSON.createObjectNode();
    root.put("pipeline", status.pipeline());
    root.put("checked_at", status.now().toString());
    ObjectNode wm = root.putObject("watermark");
    wm.put("landing", status.watermark().landing().map(Object::toString).orElse(null));
    wm.put("event", status.watermark().event().map(Object::toString).orElse(null));
    wm.put("lag_seconds", status.lagSeconds().orElse(null));
    ObjectNode target = root.putObject("target");
    target.put("path", status.targetPath());
    target.put("version", status.targetVersion().orElse(null));
    if (status.lastRun().isEmpty()) {
      root.putNull("last_run");
    } else {
      RunJson.write(root.putObject("last_run"), status.lastRun().get());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render status as JSON", e);
    }
  }
}

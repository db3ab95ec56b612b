package dev.tidemark.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.Watermark;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --json} outputs of status, history, run and show. Their shapes are documented in the
 * README and stable: fields are only ever added, and {@code json_version} rises when one changes
 * meaning.
 */
public final class JsonOutput {
  /** Version of the JSON shapes; raised with any change that is not a pure addition. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonOutput() {}

  public static String status(Instant checkedAt, List<PipelineStatus> pipelines) {
    ObjectNode root = JSON.createObjectNode();
    root.put("json_version", VERSION);
    root.put("checked_at", checkedAt.toString());
    ArrayNode list = root.putArray("pipelines");
    int breaches = 0;
    for (PipelineStatus status : pipelines) {
      pipeline(list.addObject(), status);
      breaches += status.breaches().size();
    }
    root.put("breach_count", breaches);
    return render(root);
  }

  public static String history(String pipeline, List<RunRecord> runsNewestFirst) {
    ObjectNode root = JSON.createObjectNode();
    root.put("json_version", VERSION);
    root.put("pipeline", pipeline);
    ArrayNode runs = root.putArray("runs");
    for (RunRecord run : runsNewestFirst) {
      RunJson.write(runs.addObject(), run);
    }
    return render(root);
  }

  /** One finished run ({@code run --json}): the shape of a history run, with json_version. */
  public static String run(RunRecord run) {
    ObjectNode root = JSON.createObjectNode();
    root.put("json_version", VERSION);
    RunJson.write(root, run);
    return render(root);
  }

  /**
   * Rows of a table ({@code show --json}): what was shown, and each row as the JSON text Spark
   * writes for it, kept as it is.
   *
   * @param more whether rows beyond {@code limit} match
   */
  public static String rows(
      String pipeline,
      String table,
      String location,
      String where,
      int limit,
      boolean more,
      List<String> rowJson) {
    ObjectNode root = JSON.createObjectNode();
    root.put("json_version", VERSION);
    root.put("pipeline", pipeline);
    root.put("table", table);
    root.put("location", location);
    root.put("where", where);
    root.put("limit", limit);
    root.put("more", more);
    ArrayNode rows = root.putArray("rows");
    try {
      for (String row : rowJson) {
        rows.add(JSON.readTree(row));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read Spark's JSON of a row: " + e.getMessage(), e);
    }
    return render(root);
  }

  private static void pipeline(ObjectNode node, PipelineStatus status) {
    node.put("pipeline", status.pipeline());
    ObjectNode wm = node.putObject("watermark");
    wm.put("landing", status.watermark().landingShown().orElse(null));
    wm.put("event", status.watermark().event().map(Object::toString).orElse(null));
    wm.put("lag_seconds", status.lagSeconds().orElse(null));
    ObjectNode target = node.putObject("target");
    // A configured table name has no '/' or ':' (its parts are plain identifiers); a path has.
    boolean named = !status.targetPath().contains("/") && !status.targetPath().contains(":");
    target.put("path", named ? null : status.targetPath());
    target.put("table", named ? status.targetPath() : null);
    target.put("version", status.targetVersion().orElse(null));
    ObjectNode runtime = node.putObject("runtime");
    runtime.put("kind", status.runtime().map(r -> r.kind().label()).orElse(null));
    runtime.put("p95_ms", status.runtime().map(RuntimeP95::p95Ms).orElse(null));
    runtime.put("runs", status.runtime().map(RuntimeP95::runs).orElse(0));
    ArrayNode kinds = runtime.putArray("by_kind");
    for (RuntimeP95 r : status.runtimes()) {
      ObjectNode kind = kinds.addObject();
      kind.put("kind", r.kind().label());
      kind.put("p95_ms", r.p95Ms());
      kind.put("runs", r.runs());
    }
    dates(node.putArray("gaps"), status.gaps());
    dates(node.putArray("stale"), status.stale());
    var gapHours = node.putArray("gap_hours");
    status
        .hours()
        .gaps()
        .forEach(h -> gapHours.add(Watermark.shown(h.toLocalDate(), Optional.of(h.getHour()))));
    var staleHours = node.putArray("stale_hours");
    status
        .hours()
        .stale()
        .forEach(h -> staleHours.add(Watermark.shown(h.toLocalDate(), Optional.of(h.getHour()))));
    var unread = node.putArray("unread");
    status.unread().forEach(unread::add);
    if (status.backfill().isPresent()) {
      BackfillProgress b = status.backfill().get();
      ObjectNode backfill = node.putObject("backfill");
      backfill.put("from", b.last().whole().from().toString());
      backfill.put("to", b.last().whole().to().toString());
      backfill.put("batches", b.last().count());
      backfill.put("last_batch", b.last().index());
      backfill.put("last_status", b.status().label());
      backfill.put("last_run_id", b.runId());
    } else {
      node.putNull("backfill");
    }
    ObjectNode staging = node.putObject("staging");
    staging.put("tables", status.staging().tables());
    staging.put("bytes", status.staging().bytes());
    staging.put("oldest_run_id", status.staging().oldest().map(l -> l.runId()).orElse(null));
    staging.put(
        "oldest_written_at",
        status.staging().oldest().map(l -> l.lastWritten().toString()).orElse(null));
    ArrayNode breaches = node.putArray("breaches");
    for (ThresholdBreach b : status.breaches()) {
      ObjectNode o = breaches.addObject();
      o.put("threshold", b.threshold());
      o.put("value", b.value());
      o.put("limit", b.limit());
      o.put("message", b.message());
    }
    if (status.lastRun().isEmpty()) {
      node.putNull("last_run");
    } else {
      RunJson.write(node.putObject("last_run"), status.lastRun().get());
    }
  }

  private static void dates(ArrayNode array, List<LocalDate> dates) {
    dates.forEach(d -> array.add(d.toString()));
  }

  private static String render(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render JSON", e);
    }
  }
}

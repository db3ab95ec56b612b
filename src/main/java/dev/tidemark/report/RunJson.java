package dev.tidemark.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.control.RunRecord.ReconcileCounts;
import dev.tidemark.control.RunRecord.StageCounts;
import dev.tidemark.control.RunRecord.WatermarkMove;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.plan.SourceFile;
import java.util.List;
import java.util.Optional;

/** A run row as JSON: the shape of {@code history --json} runs and {@code status}'s last_run. */
final class RunJson {
  /** Stages in the order a run goes through them, so the JSON reads in that order. */
  private static final List<String> STAGES =
      List.of("plan", "stage", "publish", "reconcile", "commit");

  private RunJson() {}

  static void write(ObjectNode node, RunRecord run) {
    node.put("run_id", run.runId());
    node.put("pipeline", run.pipeline());
    node.put("status", run.status().label());
    node.put("mode", run.mode().label());
    ObjectNode range = node.putObject("range");
    range.put("from", run.range().fromShown());
    range.put("to", run.range().toShown());
    if (run.batch().isPresent()) {
      ObjectNode batch = node.putObject("batch");
      batch.put("index", run.batch().get().index());
      batch.put("count", run.batch().get().count());
      batch.put("backfill_from", run.batch().get().whole().from().toString());
      batch.put("backfill_to", run.batch().get().whole().to().toString());
    } else {
      node.putNull("batch");
    }
    node.put("started_at", run.startedAt().toString());
    node.put("ended_at", run.endedAt().map(Object::toString).orElse(null));
    node.put("duration_ms", run.durationMs().orElse(null));
    node.put("error", run.error().orElse(null));
    ArrayNode breaches = node.putArray("threshold_breaches");
    run.thresholdBreaches().forEach(breaches::add);
    ObjectNode stages = node.putObject("stage_ms");
    for (String stage : STAGES) {
      if (run.stageMs().containsKey(stage)) {
        stages.put(stage, run.stageMs().get(stage));
      }
    }
    Optional<StageCounts> s = run.staged();
    ObjectNode input = node.putObject("input");
    input(input, run.plan());
    input.put("files_verified", s.map(StageCounts::filesVerified).orElse(null));
    rows(node.putObject("rows"), run.staged(), run.published());
    node.put("duplicate_keys_per_1000", s.map(StageCounts::duplicateKeysPer1000).orElse(null));
    node.put(
        "target_duplicate_keys_per_1000",
        run.reconciled().flatMap(ReconcileCounts::targetDuplicateKeysPer1000).orElse(null));
    Optional<PublishCounts> p = run.published();
    ObjectNode versions = node.putObject("target_version");
    versions.put("before", p.map(PublishCounts::versionBefore).orElse(null));
    versions.put("after", p.map(PublishCounts::versionAfter).orElse(null));
    ObjectNode files = node.putObject("target_files");
    files.put("added", p.map(PublishCounts::filesAdded).orElse(null));
    files.put("removed", p.map(PublishCounts::filesRemoved).orElse(null));
    watermarks(node.putObject("watermark"), run.watermarks());
    if (run.reconciled().isPresent()) {
      ReconcileCounts c = run.reconciled().get();
      ObjectNode rec = node.putObject("reconciliation");
      rec.put("missing", c.missing());
      rec.put("extra", c.extra());
      rec.put("mismatched", c.mismatched());
      rec.put("mismatch_count", c.mismatchCount());
      rec.put("target_duplicate_keys", c.targetDuplicateKeys());
      rec.put("target_rows", c.targetRows() < 0 ? null : c.targetRows());
    } else {
      node.putNull("reconciliation");
    }
    node.put("tidemark_version", run.tidemarkVersion());
    node.put("config_hash", run.configHash());
  }

  private static void input(ObjectNode node, List<FolderPlan> plan) {
    List<FolderPlan> read = plan.stream().filter(FolderPlan::isRead).toList();
    node.put("folders_planned", plan.size());
    node.put("folders_read", read.size());
    node.put("files_read", read.stream().mapToInt(f -> f.toRead().size()).sum());
    node.put(
        "bytes_read",
        read.stream().flatMap(f -> f.toRead().stream()).mapToLong(SourceFile::size).sum());
  }

  private static void rows(ObjectNode rows, Optional<StageCounts> s, Optional<PublishCounts> p) {
    rows.put("read", s.map(StageCounts::rowsRead).orElse(null));
    rows.put("quarantined", s.map(StageCounts::rowsQuarantined).orElse(null));
    rows.put("valid", s.map(StageCounts::rowsValid).orElse(null));
    rows.put("duplicates_removed", s.map(StageCounts::duplicatesRemoved).orElse(null));
    rows.put("exact_duplicates", s.map(StageCounts::exactDuplicates).orElse(null));
    rows.put("staged", s.map(StageCounts::rowsStaged).orElse(null));
    rows.put("verified", s.map(StageCounts::rowsVerified).orElse(null));
    rows.put("inserted", p.map(PublishCounts::inserted).orElse(null));
    rows.put("updated", p.map(PublishCounts::updated).orElse(null));
    rows.put("deleted", p.map(PublishCounts::deleted).orElse(null));
    rows.put("unchanged", p.map(PublishCounts::unchanged).orElse(null));
    rows.put("nothing_to_delete", p.map(PublishCounts::nothingToDelete).orElse(null));
    rows.put("stale", p.map(PublishCounts::stale).orElse(null));
  }

  private static void watermarks(ObjectNode node, Optional<WatermarkMove> w) {
    node.put("landing_before", w.flatMap(WatermarkMove::landingBeforeShown).orElse(null));
    node.put("landing_after", w.flatMap(WatermarkMove::landingAfterShown).orElse(null));
    node.put(
        "event_before", w.flatMap(WatermarkMove::eventBefore).map(Object::toString).orElse(null));
    node.put(
        "event_after", w.flatMap(WatermarkMove::eventAfter).map(Object::toString).orElse(null));
    node.put("lag_seconds", w.flatMap(WatermarkMove::lagSeconds).orElse(null));
  }
}

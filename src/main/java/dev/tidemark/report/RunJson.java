package dev.tidemark.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.ledger.RunRecord;
import java.util.Optional;

/** A run row as JSON: the shape `status --json` documents under {@code last_run}. */
final class RunJson {
  /** Stages in the order a run goes through them, so the JSON reads in that order. */
  private static final java.util.List<String> STAGES =
      java.util.List.of("plan", "stage", "publish", "reconcile", "commit");

  private RunJson() {}

  static void write(ObjectNode node, RunRecord run) {
    node.put("run_id", run.runId());
    node.put("status", run.status().label());
    node.put("mode", run.mode());
    ObjectNode range = node.putObject("range");
    range.put("from", run.rangeFrom().toString());
    range.put("to", run.rangeTo().toString());
    node.put("started_at", run.startedAt().toString());
    node.put("ended_at", run.endedAt().map(Object::toString).orElse(null));
    node.put("duration_ms", run.durationMs().orElse(null));
    node.put("error", run.error().orElse(null));
    ObjectNode stages = node.putObject("stage_ms");
    for (String stage : STAGES) {
      if (run.stageMs().containsKey(stage)) {
        stages.put(stage, run.stageMs().get(stage));
      }
    }
    ObjectNode rows = node.putObject("rows");
    Optional<RunRecord.StageCounts> s = run.staged();
    rows.put("read", s.map(RunRecord.StageCounts::rowsRead).orElse(null));
    rows.put("quarantined", s.map(RunRecord.StageCounts::rowsQuarantined).orElse(null));
    rows.put("duplicates_removed", s.map(RunRecord.StageCounts::duplicatesRemoved).orElse(null));
    rows.put("exact_duplicates", s.map(RunRecord.StageCounts::exactDuplicates).orElse(null));
    Optional<RunRecord.PublishCounts> p = run.published();
    rows.put("inserted", p.map(RunRecord.PublishCounts::inserted).orElse(null));
    rows.put("updated", p.map(RunRecord.PublishCounts::updated).orElse(null));
    rows.put("deleted", p.map(RunRecord.PublishCounts::deleted).orElse(null));
    rows.put("unchanged", p.map(RunRecord.PublishCounts::unchanged).orElse(null));
    rows.put("stale", p.map(RunRecord.PublishCounts::stale).orElse(null));
    node.put(
        "duplicate_keys_per_1000", s.map(RunRecord.StageCounts::duplicateKeysPer1000).orElse(null));
    ObjectNode versions = node.putObject("target_version");
    versions.put("before", p.map(RunRecord.PublishCounts::versionBefore).orElse(null));
    versions.put("after", p.map(RunRecord.PublishCounts::versionAfter).orElse(null));
    if (run.reconciled().isPresent()) {
      RunRecord.ReconcileCounts c = run.reconciled().get();
      ObjectNode rec = node.putObject("reconciliation");
      rec.put("missing", c.missing());
      rec.put("extra", c.extra());
      rec.put("mismatched", c.mismatched());
      rec.put("mismatch_count", c.mismatchCount());
      rec.put("target_duplicate_keys", c.targetDuplicateKeys());
    } else {
      node.putNull("reconciliation");
    }
  }
}

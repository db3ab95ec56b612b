package dev.tidemark.stage;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.control.PublishedVersion;
import dev.tidemark.control.RunLog;
import dev.tidemark.control.TargetTrust;
import dev.tidemark.plan.PublishedDigest;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.source.CsvDuplicateColumns;
import dev.tidemark.source.RawFileErrors;
import dev.tidemark.source.RawReader;
import dev.tidemark.table.TargetTable;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * What a forced rerun need not merge again. It parses every file in range, as {@code --force}
 * promises, but only into a digest per file (see {@link FileDigests}): no shuffle, no dedup. A file
 * whose digest is the one the ledger kept when a run published it, under this same configuration,
 * holds the rows that run merged; the target still holds them, or newer versions, as long as
 * nothing but runs' MERGEs changed its rows since. Such files are left out of the stage pass; the
 * others (changed content, no digest kept, another configuration) go through it whole, as before.
 *
 * <p>When the target's history shows another change since those runs (a DELETE or UPDATE by hand, a
 * RESTORE, an overwrite) or no longer reaches back to them, nothing is left out: every file is
 * merged again, which is how a forced rerun repairs a target.
 */
final class ForcedVerification {
  private ForcedVerification() {}

  static VerifiedFiles check(
      SparkSession spark,
      PipelineConfig pipeline,
      RunPlan plan,
      TargetTable target,
      RunLog runLog) {
    if (!FileDigests.kept(pipeline) || !target.exists()) {
      return VerifiedFiles.none();
    }
    List<SourceFile> candidates =
        plan.filesToRead().stream().filter(f -> plan.digests().containsKey(f.path())).toList();
    if (candidates.isEmpty()) {
      return VerifiedFiles.none();
    }
    Optional<String> changed =
        changedSincePublished(target, runLog, pipeline.name(), candidates, plan.digests());
    if (changed.isPresent()) {
      return new VerifiedFiles(Set.of(), 0, changed);
    }
    Map<String, String> parsed = digests(spark, pipeline, candidates);
    Set<String> verified = new HashSet<>();
    long rows = 0;
    for (SourceFile f : candidates) {
      String digest = parsed.get(f.path());
      if (digest.equals(plan.digests().get(f.path()).digest())) {
        verified.add(f.path());
        rows += FileDigests.rows(digest);
      }
    }
    return new VerifiedFiles(verified, rows, Optional.empty());
  }

  /** Why the target may no longer hold what the runs that published these files left in it. */
  private static Optional<String> changedSincePublished(
      TargetTable target,
      RunLog runLog,
      String pipeline,
      Collection<SourceFile> files,
      Map<String, PublishedDigest> published) {
    Set<String> runIds = new HashSet<>();
    files.forEach(f -> runIds.add(published.get(f.path()).runId()));
    Map<String, PublishedVersion> versions = runLog.published(runIds);
    if (!versions.keySet().containsAll(runIds)) {
      Set<String> unknown = new HashSet<>(runIds);
      unknown.removeAll(versions.keySet());
      return Optional.of(
          "version the ledger's runs left is not recorded (runs "
              + String.join(", ", unknown)
              + ")");
    }
    // The check a run makes before it trusts the ledger, over every run that published these.
    long oldest =
        versions.values().stream().mapToLong(PublishedVersion::versionAfter).min().orElseThrow();
    return TargetTrust.check(target, versions.values(), runLog::find, pipeline)
        .map(doubt -> "may have changed since version " + oldest + ": " + doubt.detail());
  }

  /** Every file's digest, by path, from one parse that keeps nothing else. */
  private static Map<String, String> digests(
      SparkSession spark, PipelineConfig pipeline, List<SourceFile> files) {
    CsvDuplicateColumns.check(spark.sparkContext().hadoopConfiguration(), pipeline.source(), files);
    try {
      Object aggregated =
          RawReader.read(spark, pipeline.source(), pipeline.keys(), files)
              .agg(FileDigests.aggregate())
              .first()
              .get(0);
      return FileDigests.decode(spark, aggregated, files);
    } catch (Exception e) { // SparkException is checked in Java's eyes, thrown undeclared
      throw RawFileErrors.rethrow(e);
    }
  }
}

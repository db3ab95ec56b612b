package dev.tidemark.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Alert thresholds of a pipeline, besides reconciliation's own limits (max-missing, max-extra,
 * max-mismatched). A breach makes {@code run} and {@code status} exit 3 and name the threshold, the
 * value and the limit.
 *
 * @param maxTargetDuplicateKeys target keys held by more than one row after publish
 * @param maxLag newest published event time older than this, now; empty: no limit
 * @param maxRuntimeP95Multiple a run slower than this many times the p95 of the recent successful
 *     runs; 0: no limit
 * @param runtimeWindow how many recent successful runs the p95 is taken over
 * @param runtimeMinRuns fewer successful runs than this: no p95 yet, the runtime is not judged
 */
public record ThresholdConfig(
    long maxTargetDuplicateKeys,
    Optional<Duration> maxLag,
    double maxRuntimeP95Multiple,
    int runtimeWindow,
    int runtimeMinRuns) {
  public static final ThresholdConfig DEFAULTS = new ThresholdConfig(0, Optional.empty(), 0, 20, 5);
}

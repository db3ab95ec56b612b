package dev.tidemark.audit;

import java.util.Optional;

/**
 * What the audit step found.
 *
 * @param result the checks' results; empty when the pipeline has no checks or nothing was read
 */
public record Audited(Optional<AuditResult> result, Optional<Long> millis) {
  public static final Audited NONE = new Audited(Optional.empty(), Optional.empty());

  /** True when an error-severity check failed: the run publishes nothing. */
  public boolean rejects() {
    return result.map(AuditResult::blocks).orElse(false);
  }
}

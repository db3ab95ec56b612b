package dev.tidemark.audit;

import java.util.List;

/** The quality checks of one run, in configured order. */
public record AuditResult(List<CheckResult> results) {
  public AuditResult {
    results = List.copyOf(results);
  }

  public List<CheckResult> withStatus(CheckStatus status) {
    return results.stream().filter(r -> r.status() == status).toList();
  }

  /** An error-severity check failed: the batch must not be published. */
  public boolean blocks() {
    return !withStatus(CheckStatus.FAILED).isEmpty();
  }

  /** "5 checks: 3 passed, 1 warned, 1 failed". */
  public String counts() {
    return String.format(
        "%d checks: %d passed, %d warned, %d failed",
        results.size(),
        withStatus(CheckStatus.PASSED).size(),
        withStatus(CheckStatus.WARNED).size(),
        withStatus(CheckStatus.FAILED).size());
  }

  /** The audit stage's line: "5 checks: 3 passed, 1 warned, 1 failed - FAILED: ...". */
  public String summary() {
    StringBuilder text = new StringBuilder(counts());
    for (CheckResult r : withStatus(CheckStatus.WARNED)) {
      text.append("; warned ").append(r.summary());
    }
    for (CheckResult r : withStatus(CheckStatus.FAILED)) {
      text.append("; FAILED ").append(r.summary());
    }
    return text.toString();
  }

  /** One entry per failed error check, for the run row's threshold_breaches. */
  public List<String> breaches() {
    return withStatus(CheckStatus.FAILED).stream()
        .map(r -> "quality check " + r.summary())
        .toList();
  }

  /** The run row's error when the gates stopped the run. */
  public String rejection(String stagingPath) {
    return "quality gates failed: "
        + String.join(
            "; ", withStatus(CheckStatus.FAILED).stream().map(CheckResult::summary).toList())
        + ". Nothing was published and the watermarks did not move; the staged batch is kept at "
        + stagingPath;
  }
}

package dev.tidemark.audit;

import dev.tidemark.config.QualityCheckConfig;
import dev.tidemark.config.QualitySeverity;
import java.util.List;
import java.util.Optional;

/**
 * One check's result on one staged batch.
 *
 * @param failingRows rows that fail the check (0 for row_count and freshness, which judge the batch
 *     as a whole)
 * @param observed rows checked; for row_count the rows staged; for freshness the age of the newest
 *     event in seconds (empty when the batch has none)
 * @param sampleKeys the first failing natural keys in key order (for unique, the duplicated values)
 * @param details what was found, for people
 */
public record CheckResult(
    QualityCheckConfig check,
    boolean passed,
    long failingRows,
    Optional<Long> observed,
    List<String> sampleKeys,
    String details) {
  public CheckResult {
    sampleKeys = List.copyOf(sampleKeys);
  }

  public CheckStatus status() {
    if (passed) {
      return CheckStatus.PASSED;
    }
    return check.severity() == QualitySeverity.ERROR ? CheckStatus.FAILED : CheckStatus.WARNED;
  }

  /** "unique_customer (unique on customer_id): 3 failing rows", for run rows and messages. */
  public String summary() {
    return check.name() + " (" + check.describe() + "): " + details;
  }
}

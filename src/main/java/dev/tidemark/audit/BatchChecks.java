package dev.tidemark.audit;

import dev.tidemark.config.QualityCheckConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks that judge the batch as a whole, from counts the stage pass already took: no Spark job.
 */
final class BatchChecks {
  private BatchChecks() {}

  static CheckResult rowCount(QualityCheckConfig check, AuditSpec spec) {
    long rows = spec.rowsStaged();
    List<String> problems = new ArrayList<>();
    if (check.minRows().isPresent() && rows < check.minRows().getAsLong()) {
      problems.add("fewer than min " + check.minRows().getAsLong());
    }
    if (check.maxRows().isPresent() && rows > check.maxRows().getAsLong()) {
      problems.add("more than max " + check.maxRows().getAsLong());
    }
    String previous = "";
    if (check.maxChangePercent().isPresent()) {
      double limit = check.maxChangePercent().getAsDouble();
      Optional<AuditSpec.PreviousRun> earlier =
          spec.readWholeRange() ? spec.previous().get() : Optional.empty();
      if (!spec.readWholeRange()) {
        previous = "; the run read only new files of its range: the change is not judged";
      } else if (earlier.isEmpty()) {
        previous = "; no earlier published run of this range to compare with";
      } else {
        AuditSpec.PreviousRun p = earlier.get();
        double change =
            p.rowsStaged() == 0
                ? (rows == 0 ? 0.0 : Double.POSITIVE_INFINITY)
                : 100.0 * (rows - p.rowsStaged()) / p.rowsStaged();
        previous =
            String.format(
                Locale.ROOT,
                "; run %s of this range staged %,d (%s%%, allowed +-%s%%)",
                p.runId(),
                p.rowsStaged(),
                Double.isInfinite(change) ? "+inf" : String.format(Locale.ROOT, "%+.1f", change),
                trim(limit));
        if (Math.abs(change) > limit) {
          problems.add("changed more than " + trim(limit) + "%");
        }
      }
    }
    String details =
        String.format(Locale.ROOT, "%,d rows staged", rows)
            + (problems.isEmpty() ? "" : ", " + String.join(" and ", problems))
            + previous;
    return new CheckResult(check, problems.isEmpty(), 0, Optional.of(rows), List.of(), details);
  }

  static CheckResult freshness(QualityCheckConfig check, AuditSpec spec) {
    Duration limit = check.maxAge().orElseThrow();
    if (spec.newestEvent().isEmpty()) {
      return new CheckResult(
          check, false, 0, Optional.empty(), List.of(), "no event time in the batch");
    }
    Instant newest = spec.newestEvent().get();
    Duration age = Duration.between(newest, spec.now());
    boolean passed = age.compareTo(limit) <= 0;
    String details =
        "newest event "
            + newest
            + " is "
            + human(age)
            + " old"
            + (passed ? "" : ", older than max-age " + human(limit));
    return new CheckResult(check, passed, 0, Optional.of(age.toSeconds()), List.of(), details);
  }

  private static String trim(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }

  /** 3d 4h, 36h 0m, 12m 5s: coarse enough to read at a glance. */
  static String human(Duration d) {
    long s = Math.abs(d.toSeconds());
    String sign = d.isNegative() ? "-" : "";
    if (s >= 86_400) {
      return sign + (s / 86_400) + "d " + (s % 86_400) / 3600 + "h";
    }
    if (s >= 3600) {
      return sign + (s / 3600) + "h " + (s % 3600) / 60 + "m";
    }
    return sign + (s / 60) + "m " + (s % 60) + "s";
  }
}

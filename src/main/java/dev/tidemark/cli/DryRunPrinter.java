package dev.tidemark.cli;

import dev.tidemark.audit.AuditPreview;
import dev.tidemark.audit.AuditResult;
import dev.tidemark.audit.CheckResult;
import dev.tidemark.audit.CheckStatus;
import dev.tidemark.config.QualityCheckConfig;
import dev.tidemark.plan.Bytes;
import dev.tidemark.publish.DryRun;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** What {@code run --dry-run} prints: what a run would read, merge and audit, and its verdict. */
final class DryRunPrinter {
  private DryRunPrinter() {}

  static void print(DryRun.Result dry, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%nDry run of %s (%s %s): nothing was written%n",
        dry.plan().pipeline(),
        dry.plan().mode().label(),
        dry.plan().range());
    out.printf(
        Locale.ROOT,
        "  would read   %,d files (%s): %,d rows, %,d to quarantine%n",
        dry.plan().filesToRead().size(),
        Bytes.human(dry.plan().bytesToRead()),
        dry.rowsRead(),
        dry.rowsQuarantined());
    out.printf(
        Locale.ROOT,
        "  would merge  %,d inserts, %,d updates, %,d deletes; %,d unchanged, %,d older than the"
            + " target%s%n",
        dry.changes().inserts(),
        dry.changes().updates(),
        dry.changes().deletes(),
        dry.changes().unchanged(),
        dry.changes().stale(),
        dry.changes().nothingToDelete() == 0
            ? ""
            : String.format(
                Locale.ROOT,
                "; %,d deletes of keys not in the target",
                dry.changes().nothingToDelete()));
    audit(dry.audit(), out);
    out.flush();
  }

  /** The dry run's audit: a line per check, then whether a real run would publish. */
  private static void audit(AuditPreview.Verdict verdict, PrintWriter out) {
    if (verdict.result().isPresent()) {
      AuditResult result = verdict.result().get();
      out.println("  would audit  " + result.counts());
      for (CheckResult r : result.results()) {
        out.printf(
            Locale.ROOT,
            "    %-6s %s%s%n",
            r.status() == CheckStatus.FAILED ? "FAILED" : r.status().label(),
            r.summary(),
            r.sampleKeys().isEmpty() ? "" : "; e.g. " + String.join(", ", r.sampleKeys()));
      }
    } else if (!verdict.checksConfigured()) {
      out.println("  would audit  no quality checks configured");
    } else if (verdict.ceiling().isPresent()) {
      out.println("  would audit  no quality checks: a real run stops at the quarantine ceiling");
    } else {
      out.println("  would audit  no quality checks: there is nothing to read");
    }
    out.println("  " + verdict(verdict));
  }

  static String verdict(AuditPreview.Verdict verdict) {
    if (verdict.ceiling().isPresent()) {
      return "a real run would be REJECTED by the quarantine ceiling: "
          + verdict.ceiling().get()
          + "; nothing would be published";
    }
    List<CheckResult> failed =
        verdict.result().map(r -> r.withStatus(CheckStatus.FAILED)).orElse(List.of());
    if (failed.size() == 1) {
      CheckResult only = failed.get(0);
      return "a real run would be REJECTED, nothing published: quality check "
          + named(only.check())
          + " failed: "
          + only.details();
    }
    if (!failed.isEmpty()) {
      // What each found is on its line above: one line cannot hold them all readably.
      return "a real run would be REJECTED, nothing published: quality checks "
          + String.join(", ", failed.stream().map(r -> named(r.check())).toList())
          + " failed";
    }
    List<CheckResult> warned =
        verdict.result().map(r -> r.withStatus(CheckStatus.WARNED)).orElse(List.of());
    return "a real run would pass its quality gates and publish"
        + (warned.isEmpty()
            ? ""
            : ", with warnings from "
                + String.join(", ", warned.stream().map(r -> named(r.check())).toList()));
  }

  /**
   * "'amount_not_negative' (pipeline.quality.checks[3])": the check as its configuration names it.
   */
  private static String named(QualityCheckConfig check) {
    return "'" + check.name() + "' (" + check.key() + ")";
  }
}

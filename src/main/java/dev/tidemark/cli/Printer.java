package dev.tidemark.cli;

import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunRecord.PublishCounts;
import dev.tidemark.control.RunRecord.StageCounts;
import dev.tidemark.control.RunRecord.WatermarkMove;
import dev.tidemark.plan.Bytes;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.report.Durations;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Plain-text output of the commands: short, aligned, numbers with separators. */
final class Printer {
  private Printer() {}

  static void runSummary(dev.tidemark.RunOutcome outcome, PrintWriter out) {
    Optional<dev.tidemark.reconcile.ReconcileResult> reconciled = Optional.empty();
    if (outcome instanceof dev.tidemark.RunOutcome.Succeeded s) {
      reconciled = s.reconciliation();
    } else if (outcome instanceof dev.tidemark.RunOutcome.Breached b) {
      reconciled = b.reconciliation();
    }
    Optional<dev.tidemark.reconcile.ReconcileReference> reference =
        reconciled.map(dev.tidemark.reconcile.ReconcileResult::reference);
    runSummary(outcome.run(), reference, out);
  }

  static void runSummary(RunRecord run, PrintWriter out) {
    runSummary(run, Optional.empty(), out);
  }

  static void runSummary(
      RunRecord run,
      Optional<dev.tidemark.reconcile.ReconcileReference> reference,
      PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%nRun %s (%s %s .. %s): %s in %s%n",
        run.runId(),
        run.mode().label(),
        run.range().fromShown(),
        run.range().toShown(),
        run.status().label(),
        run.durationMs().map(Printer::seconds).orElse("?"));
    run.staged().ifPresent(s -> out.println("  rows        " + rows(s)));
    run.published().ifPresent(p -> out.println("  target      " + target(p)));
    run.reconciled()
        .ifPresent(
            c ->
                out.printf(
                    Locale.ROOT,
                    "  reconcile   %,d missing, %,d extra, %,d mismatched, %,d duplicate keys%s%n",
                    c.missing(),
                    c.extra(),
                    c.mismatched(),
                    c.targetDuplicateKeys(),
                    reference.map(r -> ", " + r.scope()).orElse("")));
    run.watermarks().ifPresent(w -> out.println("  watermarks  " + watermarks(w)));
    run.error().ifPresent(e -> out.println("  note        " + e));
    out.flush();
  }

  static String rows(StageCounts s) {
    return String.format(
            Locale.ROOT,
            "%,d read, %,d quarantined, %,d duplicates removed (%,d exact copies; %.1f duplicate"
                + " keys per 1,000 rows), %,d staged",
            s.rowsRead(),
            s.rowsQuarantined(),
            s.duplicatesRemoved(),
            s.exactDuplicates(),
            s.duplicateKeysPer1000(),
            s.rowsStaged())
        + (s.filesVerified() == 0
            ? ""
            : String.format(
                Locale.ROOT,
                "; %,d rows in %,d files parsed again and found as published, not merged again",
                s.rowsVerified(),
                s.filesVerified()));
  }

  static String target(PublishCounts p) {
    return String.format(
        Locale.ROOT,
        "%,d inserted, %,d updated, %,d deleted, %,d unchanged, %,d older than the target;%s files"
            + " +%d -%d; version %s",
        p.inserted(),
        p.updated(),
        p.deleted(),
        p.unchanged(),
        p.stale(),
        PublishCounts.nothingToDelete(p.nothingToDelete()),
        p.filesAdded(),
        p.filesRemoved(),
        p.merged()
            ? p.versionBefore() + " -> " + p.versionAfter()
            : p.versionBefore() + " (unchanged, no MERGE)");
  }

  static String watermarks(WatermarkMove w) {
    return "landing "
        + w.landingAfterShown().orElse("none")
        + ", event "
        + w.eventAfter().map(Object::toString).orElse("none")
        + w.lagSeconds().map(s -> " (lag " + Durations.seconds(s) + ")").orElse("");
  }

  static void plan(RunPlan plan, String target, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Plan for %s: %s %s%n  target %s%n%n",
        plan.pipeline(),
        plan.mode().label(),
        plan.range(),
        target);
    out.printf(
        Locale.ROOT, "  %-12s %-15s %7s %7s %10s%n", "landing", "action", "files", "read", "bytes");
    List<FolderPlan> folders = plan.folders();
    for (int i = 0; i < folders.size(); i++) {
      FolderPlan f = folders.get(i);
      int end = i;
      while (f.action() == FolderAction.MISSING
          && end + 1 < folders.size()
          && folders.get(end + 1).action() == FolderAction.MISSING) {
        end++;
      }
      if (end > i) {
        // A long range without folders (an incremental run far behind) reads as one line.
        out.printf(
            Locale.ROOT,
            "  %-12s %-15s %7d %7d %10s   %d dates up to %s%n",
            f.folder().date(),
            "missing",
            0,
            0,
            "-",
            end - i + 1,
            folders.get(end).folder().date());
        i = end;
        continue;
      }
      out.printf(
          Locale.ROOT,
          "  %-12s %-15s %7d %7d %10s%n",
          f.folder().date(),
          f.action().label(),
          f.folder().files().size(),
          f.toRead().size(),
          Bytes.human(f.folder().bytes()));
    }
    out.printf(
        Locale.ROOT,
        "%n  %,d files to read (%s); target partitions are known once the files are read"
            + " (see run --dry-run)%n",
        plan.filesToRead().size(),
        Bytes.human(plan.bytesToRead()));
    String late = plan.lateFiles().summary();
    if (!late.isEmpty()) {
      out.println("  " + late.substring(2));
    }
    plan.lateFiles().breach(plan.pipeline()).ifPresent(b -> out.println("  " + b));
    out.flush();
  }

  /** Dates as short runs: "2026-01-04..2026-01-06, 2026-01-09", or "none". */
  static String dates(List<java.time.LocalDate> dates) {
    if (dates.isEmpty()) {
      return "none";
    }
    List<String> parts = new java.util.ArrayList<>();
    int i = 0;
    while (i < dates.size()) {
      int end = i;
      while (end + 1 < dates.size() && dates.get(end + 1).equals(dates.get(end).plusDays(1))) {
        end++;
      }
      parts.add(end == i ? dates.get(i).toString() : dates.get(i) + ".." + dates.get(end));
      i = end + 1;
    }
    String shown = String.join(", ", parts.subList(0, Math.min(parts.size(), 8)));
    return shown
        + (parts.size() > 8 ? ", ... (" + (parts.size() - 8) + " more spans)" : "")
        + " ("
        + dates.size()
        + (dates.size() == 1 ? " date)" : " dates)");
  }

  /** Hours as their spans, at most eight, and how many: what status shows of an hourly layout. */
  static String hours(List<java.time.LocalDateTime> hours) {
    if (hours.isEmpty()) {
      return "none";
    }
    List<String> spans = dev.tidemark.report.LandingHours.spans(hours);
    return String.join(", ", spans.subList(0, Math.min(spans.size(), 8)))
        + (spans.size() > 8 ? ", ... (" + (spans.size() - 8) + " more spans)" : "")
        + " ("
        + hours.size()
        + (hours.size() == 1 ? " hour)" : " hours)");
  }

  /** A count with separators, or "-" when the run did not get that far. */
  static String count(Optional<Long> value) {
    return value.map(v -> String.format(Locale.ROOT, "%,d", v)).orElse("-");
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  static String orNone(Optional<?> value) {
    return value.map(Object::toString).orElse("none");
  }
}

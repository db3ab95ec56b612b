package dev.tidemark.report.html;

import dev.tidemark.report.BackfillProgress;
import dev.tidemark.report.PipelineStatus;
import dev.tidemark.report.RuntimeP95;
import dev.tidemark.report.ThresholdBreach;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The top of a pipeline's section: where its watermarks stand, how late it is, its target, its
 * usual runtime, and what needs a person's attention (breaches, gaps, stale dates) first.
 */
final class PipelineHeader {
  /** Date ranges shown before "and N more": the calendar shows them all. */
  private static final int RANGES_SHOWN = 12;

  private PipelineHeader() {}

  static String render(PipelineStatus status) {
    Html html = new Html();
    html.element("h2", status.pipeline());
    FactCards facts = new FactCards();
    facts.add(
        "landing watermark",
        status.watermark().landingShown().orElse("none yet"),
        "landing_watermark",
        status.watermark().landingShown().orElse(null));
    facts.add(
        "event-time watermark",
        status.watermark().event().map(Format::time).orElse("none yet"),
        "event_watermark",
        status.watermark().event().map(Object::toString).orElse(null));
    facts.add(
        "lag",
        status.lagSeconds().map(Format::lag).orElse(Format.NONE),
        "lag_seconds",
        Format.raw(status.lagSeconds()));
    facts.add("target", status.targetPath(), "target_path", status.targetPath());
    facts.add(
        "target version",
        status.targetVersion().map(Format::count).orElse("no table yet"),
        "target_version",
        Format.raw(status.targetVersion()));
    facts.add(
        "p95 runtime",
        status.runtimes().isEmpty() ? Format.NONE : runtimes(status.runtimes()),
        "p95_runtime_ms",
        Format.raw(status.runtime().map(RuntimeP95::p95Ms)));
    facts.add(
        "last run",
        status.lastRun().map(r -> r.runId() + " · " + r.status().label()).orElse("no runs yet"),
        "last_run",
        status.lastRun().map(r -> r.runId()).orElse(null));
    facts.add("checked at", Format.time(status.now()));
    html.raw(facts.render());
    breaches(html, status.breaches());
    status.backfill().ifPresent(b -> backfill(html, b));
    dates(html, "gaps", "Gaps (landing dates with files, never processed)", status.gaps());
    dates(html, "stale", "Stale (files changed since they were processed)", status.stale());
    hours(html, "gap_hours", "Gap hours (files never published)", status.hours().gaps());
    hours(
        html,
        "stale_hours",
        "Stale hours (files new since they were published)",
        status.hours().stale());
    return html.toString();
  }

  private static void breaches(Html html, List<ThresholdBreach> breaches) {
    if (breaches.isEmpty()) {
      html.element("p", "No thresholds breached.", "class", "ok", "data-field", "breaches");
      return;
    }
    html.open(
        "div",
        "class",
        "alert",
        "data-field",
        "breaches",
        "data-value",
        Format.raw(breaches.size()));
    html.element(
        "strong",
        breaches.size() == 1 ? "1 threshold breached" : breaches.size() + " thresholds breached");
    html.open("ul");
    for (ThresholdBreach breach : breaches) {
      html.element("li", breach.message(), "data-threshold", breach.threshold());
    }
    html.close("ul").close("div");
  }

  /** An unfinished batched backfill: how far it got and the batch the same command goes on with. */
  private static void backfill(Html html, BackfillProgress progress) {
    html.open(
        "div",
        "class",
        progress.lastPublished() ? "warn" : "alert",
        "data-field",
        "backfill",
        "data-value",
        Format.raw(progress.last().index()));
    html.element(
        "strong",
        "Backfill in progress: "
            + Format.count(progress.last().index())
            + " of "
            + Format.count(progress.last().count())
            + " batches run");
    html.element("p", progress.describe());
    html.close("div");
  }

  private static void dates(Html html, String field, String title, List<LocalDate> dates) {
    spans(html, field, title, dates.size(), "date", DateRanges.of(dates));
  }

  /** In an hourly layout, the hours behind the gaps or stale dates, as spans of hours. */
  private static void hours(
      Html html, String field, String title, List<java.time.LocalDateTime> hours) {
    spans(html, field, title, hours.size(), "hour", dev.tidemark.report.LandingHours.spans(hours));
  }

  /** A warning of {@code count} dates or hours, listed as their first spans. */
  private static void spans(
      Html html, String field, String title, int count, String unit, List<String> spans) {
    if (count == 0) {
      return;
    }
    html.open("div", "class", "warn", "data-field", field, "data-value", Format.raw(count));
    html.element(
        "strong", title + ": " + Format.count(count) + " " + unit + (count == 1 ? "" : "s"));
    html.open("ul", "class", "inline");
    spans.stream().limit(RANGES_SHOWN).forEach(r -> html.element("li", r));
    if (spans.size() > RANGES_SHOWN) {
      html.element("li", "and " + Format.count(spans.size() - RANGES_SHOWN) + " more ranges");
    }
    html.close("ul").close("div");
  }

  /** "2.10 s over 20 incremental runs; no-op 812 ms over 12": the newest run's kind first. */
  private static String runtimes(List<RuntimeP95> runtimes) {
    List<String> parts = new ArrayList<>();
    for (RuntimeP95 r : runtimes) {
      String p95 = Format.duration(r.p95Ms()) + " over " + Format.count(r.runs());
      parts.add(
          parts.isEmpty()
              ? p95 + " " + r.kind().label() + (r.runs() == 1 ? " run" : " runs")
              : r.kind().label() + " " + p95);
    }
    return String.join("; ", parts);
  }
}

package dev.tidemark.cli;

import dev.tidemark.config.LandingLayout;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.RunRecord;
import dev.tidemark.control.RunStatus;
import dev.tidemark.control.TargetTrust;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.report.Durations;
import dev.tidemark.report.JsonOutput;
import dev.tidemark.report.PipelineStatus;
import dev.tidemark.report.RuntimeP95;
import dev.tidemark.report.StateSource;
import dev.tidemark.report.StatusReport;
import dev.tidemark.report.ThresholdBreach;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows, per pipeline, the watermarks and lag, the target, the last run, the p95 runtime,"
          + " landing dates never processed (gaps) or changed since (stale), what under the source"
          + " root no run reads, and the thresholds"
          + " breached now.",
      "Exit codes: 0 all within thresholds and the last runs succeeded, 1 a pipeline's last"
          + " run failed or was interrupted or its target is not the table its runs published, 2"
          + " bad usage or configuration, 3 a threshold is"
          + " breached or a last run was rejected by a quality check."
    })
final class StatusCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "PIPELINE",
      arity = "0..1",
      description = "Pipeline name (conf/pipelines/NAME.conf); all pipelines when left out.")
  String pipeline;

  @Option(
      names = "--json",
      description = "Print JSON (shape documented in docs/reference/json-output.md).")
  boolean json;

  @Mixin SharedOptions shared;

  private final CliContext context;

  StatusCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    List<String> names = pipeline == null ? shared.pipelines() : List.of(pipeline);
    List<PipelineStatus> statuses = new ArrayList<>();
    List<String> untrusted = new ArrayList<>();
    List<LandingLayout> layouts = new ArrayList<>();
    for (String name : names) {
      TidemarkConfig config = shared.load(name);
      layouts.add(config.pipeline().source().layout());
      StateSource state = context.state(config);
      statuses.add(StatusReport.read(state, config, context.clock()));
      // What the next run would find wrong with the target before it writes anything.
      TargetTrust.nextRunRefusal(state.target(), state.control(), name)
          .ifPresent(d -> untrusted.add(name + ": " + d));
    }
    if (json) {
      context.out().println(JsonOutput.status(context.clock().instant(), statuses));
    } else {
      for (int i = 0; i < statuses.size(); i++) {
        text(statuses.get(i), layouts.get(i), context.out());
      }
    }
    context.out().flush();
    int code = ExitCodes.OK;
    for (String doubt : untrusted) {
      context.err().println(doubt);
      code = ExitCodes.FAILED;
    }
    for (PipelineStatus s : statuses) {
      s.breaches().forEach(b -> context.err().println(s.pipeline() + ": " + b.message()));
      if (!s.breaches().isEmpty()) {
        code = worse(code, ExitCodes.BREACHED);
      }
      Optional<RunRecord> unsuccessful = s.lastRun().filter(r -> UNSUCCESSFUL.contains(r.status()));
      if (unsuccessful.isPresent()) {
        RunRecord run = unsuccessful.get();
        context.err().println(s.pipeline() + ": " + lastRunProblem(run));
        code =
            worse(code, run.status() == RunStatus.REJECTED ? ExitCodes.BREACHED : ExitCodes.FAILED);
      }
    }
    return code;
  }

  /** Ended without publishing what it read; a run still running is not judged. */
  private static final Set<RunStatus> UNSUCCESSFUL =
      EnumSet.of(RunStatus.FAILED, RunStatus.INTERRUPTED, RunStatus.REJECTED);

  /** A failed pipeline (1) outranks suspect data (3), as data that does not flow is worse. */
  private static int worse(int a, int b) {
    return a == ExitCodes.FAILED || b == ExitCodes.FAILED ? ExitCodes.FAILED : Math.max(a, b);
  }

  private static String lastRunProblem(RunRecord run) {
    String what =
        switch (run.status()) {
          case REJECTED -> "was rejected by a quality check: nothing was published";
          case INTERRUPTED ->
              "was interrupted (its process died): nothing it read was published, and the next"
                  + " run reads it again";
          default ->
              "failed: nothing it read was published, and the next run reads it again once the"
                  + " cause is fixed";
        };
    return "last run " + run.runId() + " " + what + run.error().map(e -> " (" + e + ")").orElse("");
  }

  /**
   * "2.1 s over the last 20 incremental runs; no-op 0.8 s over 12": each kind apart, the newest
   * run's kind first.
   */
  private static String runtimes(List<RuntimeP95> runtimes) {
    List<String> parts = new ArrayList<>();
    for (RuntimeP95 r : runtimes) {
      parts.add(
          parts.isEmpty()
              ? Printer.seconds(r.p95Ms())
                  + " over the last "
                  + r.runs()
                  + " successful "
                  + r.kind().label()
                  + (r.runs() == 1 ? " run" : " runs")
              : r.kind().label() + " " + Printer.seconds(r.p95Ms()) + " over " + r.runs());
    }
    return String.join("; ", parts);
  }

  private static void text(PipelineStatus s, LandingLayout layout, PrintWriter out) {
    out.println("Pipeline " + s.pipeline());
    out.println("  landing watermark  " + Printer.orNone(s.watermark().landingShown()));
    out.println(
        "  event watermark    "
            + Printer.orNone(s.watermark().event())
            + s.lagSeconds().map(l -> " (lag " + Durations.seconds(l) + ")").orElse(""));
    out.println(
        "  target             "
            + s.targetPath()
            + s.targetVersion().map(v -> " (version " + v + ")").orElse(" (not created yet)"));
    out.println(
        "  runtime p95        "
            + (s.runtimes().isEmpty() ? "no finished runs yet" : runtimes(s.runtimes())));
    out.println("  gaps               " + Printer.dates(s.gaps()));
    out.println("  stale              " + Printer.dates(s.stale()));
    if (layout.hourly()) {
      out.println("  gap hours          " + Printer.hours(s.hours().gaps()));
      out.println("  stale hours        " + Printer.hours(s.hours().stale()));
    }
    s.backfill().ifPresent(b -> out.println("  backfill           " + b.describe()));
    if (!s.unread().isEmpty()) {
      out.println(
          "  not read           "
              + String.join(", ", s.unread())
              + ": "
              + FolderLister.unreadAdvice(layout, s.unread().size()));
    }
    out.println(
        "  staging left       "
            + (s.staging().tables() == 0
                ? "none"
                : s.staging().tables()
                    + " tables of failed or killed runs, "
                    + dev.tidemark.plan.Bytes.human(s.staging().bytes())
                    + ", oldest "
                    + s.staging().oldest().orElseThrow().runId()));
    for (ThresholdBreach b : s.breaches()) {
      out.println("  BREACH             " + b.message());
    }
    if (s.lastRun().isEmpty()) {
      out.println("  last run           none");
    } else {
      lastRun(s.lastRun().get(), out);
    }
    out.println();
  }

  private static void lastRun(RunRecord run, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "  last run           %s %s (%s %s .. %s), started %s, took %s%n",
        run.runId(),
        run.status().label(),
        run.mode().label(),
        run.range().fromShown(),
        run.range().toShown(),
        run.startedAt(),
        run.durationMs().map(Printer::seconds).orElse("?"));
    run.staged().ifPresent(c -> out.println("    rows             " + Printer.rows(c)));
    run.published().ifPresent(p -> out.println("    target           " + Printer.target(p)));
    run.reconciled()
        .ifPresent(
            c ->
                out.printf(
                    Locale.ROOT,
                    "    reconciliation   %,d missing, %,d extra, %,d mismatched%n",
                    c.missing(),
                    c.extra(),
                    c.mismatched()));
    run.error().ifPresent(e -> out.println("    error            " + e));
  }
}

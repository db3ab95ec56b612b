package dev.tidemark.cli;

import dev.tidemark.ReconcileCheck;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.reconcile.Findings;
import dev.tidemark.reconcile.ReconcileResult;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Compares the target with the golden source and stores the result: the whole table, or the"
          + " keys found in the landing folders of --from/--to.",
      "Exit codes: 0 passed, 3 breached, 1 failed, 2 bad usage or configuration."
    })
final class ReconcileCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PIPELINE", description = "Pipeline name (conf/pipelines/NAME.conf).")
  String pipeline;

  @Mixin RangeOptions range;

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description =
          "Golden state as of this landing date (default: the newest landing date published).")
  LocalDate asOf;

  @Mixin SharedOptions shared;

  private final CliContext context;

  ReconcileCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TidemarkConfig config = shared.load(pipeline);
    var scope = range.range();
    if (scope.isPresent() && !scope.get().wholeDays()) {
      throw new UsageException(
          "Cannot reconcile the range "
              + scope.get()
              + ": reconcile checks the keys of whole landing dates. Give --from and --to as"
              + " dates (YYYY-MM-DD)");
    }
    ReconcileCheck check =
        new ReconcileCheck(context.sessions().apply(config.settings()), config, context.clock());
    ReconcileCheck.Result result;
    try {
      result = check.check(scope, Optional.ofNullable(asOf));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    print(result, context.out());
    if (result.reconciliation().breached()) {
      context.err().println("Reconciliation breached: " + result.reconciliation().breach().get());
      return ExitCodes.BREACHED;
    }
    return ExitCodes.OK;
  }

  private static void print(ReconcileCheck.Result result, PrintWriter out) {
    ReconcileResult reconciled = result.reconciliation();
    Findings r = reconciled.findings();
    out.printf(
        Locale.ROOT,
        "Reconciliation %s (%s, golden as of %s): %s%n",
        result.checkId(),
        reconciled.scope(),
        reconciled.asOf().map(Object::toString).orElse("now"),
        reconciled.breached() ? "BREACHED" : "passed");
    out.printf(
        Locale.ROOT,
        "  golden rows %,d, target rows %,d%n  missing %,d, extra %,d, mismatched %,d, duplicate"
            + " keys %,d%n",
        r.referenceRows(),
        r.targetRows(),
        r.missing(),
        r.extra(),
        r.mismatched(),
        r.targetDuplicateKeys());
    if (!r.mismatchedColumns().isEmpty()) {
      out.println("  mismatched columns " + r.mismatchedColumns());
    }
    sample(out, "missing", r.missingSample());
    sample(out, "extra", r.extraSample());
    sample(out, "mismatched", r.mismatchedSample());
    if (result.datesVerified() > 0) {
      out.println("  " + result.datesVerified() + " unverified landing dates are now processed");
    }
    out.flush();
  }

  private static void sample(PrintWriter out, String kind, java.util.List<String> keys) {
    if (!keys.isEmpty()) {
      out.println("  sample " + kind + " keys: " + String.join(", ", keys));
    }
  }
}

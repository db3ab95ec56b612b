package dev.tidemark.cli;

import dev.tidemark.Rollback;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.RunRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Undoes one run's publish: restores the target to its version before that run's MERGE"
          + " (Delta RESTORE), marks the landing dates it read unverified so the next run reads"
          + " them again, moves the watermarks back before them, and records a run of mode"
          + " 'rollback'.",
      "Refuses, naming them, when later runs committed to the target.",
      "Exit codes: 0 rolled back, 1 refused or failed, 2 bad usage (no such run, or a run that"
          + " published nothing)."
    })
final class RollbackCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PIPELINE", description = "Pipeline name (conf/pipelines/NAME.conf).")
  String pipeline;

  @Option(
      names = "--run",
      required = true,
      paramLabel = "RUN_ID",
      description = "The run to roll back (see `tidemark history PIPELINE`).")
  String runId;

  @Mixin SharedOptions shared;

  private final CliContext context;

  RollbackCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TidemarkConfig config = shared.load(pipeline);
    Rollback rollback =
        new Rollback(context.sessions().apply(config.settings()), config, context.clock());
    Rollback.Result result;
    try {
      result = rollback.rollback(runId);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } catch (Rollback.Refused e) {
      context.err().println(e.getMessage());
      return ExitCodes.FAILED;
    }
    RunRecord done = result.rollback();
    var published = done.published().orElseThrow();
    context
        .out()
        .printf(
            "Rolled back run %s of '%s' as %s: target restored to version %d (version %d -> %d)%n",
            result.undone().runId(),
            pipeline,
            done.runId(),
            result.restoredTo(),
            published.versionBefore(),
            published.versionAfter());
    if (!result.dates().isEmpty()) {
      context
          .out()
          .printf(
              "  Landing dates %s..%s marked unverified: the next run reads them again.%n",
              result.dates().get(0), result.dates().get(result.dates().size() - 1));
    }
    done.watermarks()
        .ifPresent(
            w ->
                context
                    .out()
                    .printf(
                        "  Landing watermark %s -> %s, event watermark %s -> %s%n",
                        w.landingBeforeShown().orElse("none"),
                        w.landingAfterShown().orElse("none"),
                        w.eventBefore().map(Object::toString).orElse("none"),
                        w.eventAfter().map(Object::toString).orElse("none")));
    return ExitCodes.OK;
  }
}

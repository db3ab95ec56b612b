package dev.tidemark.cli;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.plan.RunPlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Shows what a run would read and touch: its range, and per landing folder whether it is"
            + " read whole, read for new files only, unchanged or missing. Writes nothing.")
final class PlanCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PIPELINE", description = "Pipeline name (conf/pipelines/NAME.conf).")
  String pipeline;

  @Mixin RangeOptions range;

  @Mixin SharedOptions shared;

  private final CliContext context;

  PlanCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TidemarkConfig config = shared.load(pipeline);
    RunPlan plan = context.state(config).plan(config, context.clock(), range.range());
    Printer.plan(plan, config.pipeline().target().toString(), context.out());
    if (range.range().isPresent()) {
      BatchLines.plan(plan, config.pipeline().batch(), context.out());
    }
    return ExitCodes.OK;
  }
}

package dev.tidemark.cli;

import dev.tidemark.Pipeline;
import dev.tidemark.config.TidemarkConfig;
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
    var explicit = range.range();
    Pipeline p = new Pipeline(context.sessions().apply(config.settings()), config, context.clock());
    Printer.plan(p.plan(explicit), config.pipeline().target().toString(), context.out());
    return ExitCodes.OK;
  }
}

package dev.tidemark.cli;

import dev.tidemark.config.InvalidConfigException;
import dev.tidemark.control.LockHeldException;
import dev.tidemark.plan.PlanException;
import dev.tidemark.runtime.Tidemark;
import dev.tidemark.spark.SparkSessions;
import dev.tidemark.table.DeltaLogs;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tidemark} command line. The only place that calls {@code System.exit}. */
@Command(
    name = "tidemark",
    mixinStandardHelpOptions = true,
    versionProvider = TidemarkCli.Version.class,
    description =
        "Idempotent, measurable backfills of date-partitioned raw files into Delta Lake tables.",
    subcommands = {
      RunCommand.class,
      PlanCommand.class,
      StatusCommand.class,
      HistoryCommand.class,
      ShowCommand.class,
      ReportCommand.class,
      ReconcileCommand.class,
      MaintainCommand.class,
      QuarantineCommand.class,
      RollbackCommand.class,
      GenerateSampleCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TidemarkCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    CliContext context =
        new CliContext(
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            settings -> SparkSessions.getOrCreate(settings.spark()),
            System.console() != null);
    System.exit(execute(args, context));
  }

  /** Runs one command and returns its exit code; never exits the JVM. */
  public static int execute(String[] args, CliContext context) {
    CommandLine cli = commandLine(context);
    boolean verbose =
        Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose");
    cli.setExecutionExceptionHandler(
        (error, command, parsed) -> {
          int code =
              error instanceof InvalidConfigException
                      || error instanceof UsageException
                      || error instanceof PlanException
                  ? ExitCodes.USAGE
                  : ExitCodes.FAILED;
          // A Delta log that cannot be read: the table, the file and what to do, not Spark's
          // task failure around Hadoop's exception.
          Throwable shown = DeltaLogs.unreadable(error).<Throwable>map(u -> u).orElse(error);
          String message = shown.getMessage() == null ? shown.toString() : shown.getMessage();
          if (code == ExitCodes.FAILED && !(error instanceof LockHeldException)) {
            message = "Cannot complete '" + command.getCommandName() + "': " + message;
          }
          context.err().println(message);
          if (verbose) {
            error.printStackTrace(context.err());
          }
          context.err().flush();
          return code;
        });
    int code;
    AutoCloseable levels = verbose ? Logging.verbose() : () -> {};
    try {
      code = cli.execute(args);
    } finally {
      try {
        levels.close();
      } catch (Exception e) {
        // Restoring log levels cannot fail in a way that matters more than the command's result.
      }
    }
    context.out().flush();
    context.err().flush();
    return code;
  }

  /**
   * The command line as {@link #execute} runs it: every subcommand, option and converter. Job
   * definitions (jobs/) parse their arguments with it in tests, without running anything.
   */
  public static CommandLine commandLine(CliContext context) {
    CommandLine cli = new CommandLine(new TidemarkCli(), new Factory(context));
    cli.setOut(context.out());
    cli.setErr(context.err());
    cli.registerConverter(LocalDate.class, TidemarkCli::date);
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a date; use YYYY-MM-DD, e.g. 2026-01-31");
    }
  }

  /** Builds subcommands with the context they need. */
  private record Factory(CliContext context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (var constructor : type.getDeclaredConstructors()) {
        var parameters = constructor.getParameterTypes();
        if (parameters.length == 1 && parameters[0] == CliContext.class) {
          constructor.setAccessible(true);
          return type.cast(constructor.newInstance(context));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "Tidemark " + Tidemark.version(),
        "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        "Java " + System.getProperty("java.version")
      };
    }
  }
}

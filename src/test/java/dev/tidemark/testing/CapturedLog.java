package dev.tidemark.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything logged while open, at whatever level the loggers are set to: what a user's terminal
 * shows besides the command's own output.
 */
public final class CapturedLog implements AutoCloseable {
  private final String name;
  private final Appender appender;
  private final LoggerContext context;

  private CapturedLog(String name, StringWriter into) {
    this.name = name;
    this.context = (LoggerContext) LogManager.getContext(false);
    this.appender =
        WriterAppender.createAppender(
            PatternLayout.newBuilder().withPattern("%p %c: %m%n%ex").build(),
            null,
            into,
            name,
            false,
            true);
    appender.start();
    context.getConfiguration().getRootLogger().addAppender(appender, null, null);
    context.updateLoggers();
  }

  /** Captures into {@code into} until closed. */
  public static CapturedLog into(String name, StringWriter into) {
    return new CapturedLog(name, into);
  }

  @Override
  public void close() {
    context.getConfiguration().getRootLogger().removeAppender(name);
    context.updateLoggers();
    appender.stop();
  }
}

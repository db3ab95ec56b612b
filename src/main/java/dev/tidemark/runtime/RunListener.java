package dev.tidemark.runtime;

/** Hears where a run is, so the command line can show progress. */
public interface RunListener {
  RunListener SILENT = new RunListener() {};

  default void stageStarted(String stage) {}

  /** A stage ended; {@code summary} is one human line of what it did. */
  default void stageFinished(String stage, long millis, String summary) {}
}

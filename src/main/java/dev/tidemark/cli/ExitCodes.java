package dev.tidemark.cli;

/** Tidemark's exit codes; the README lists them. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int BREACHED = 3;

  private ExitCodes() {}
}

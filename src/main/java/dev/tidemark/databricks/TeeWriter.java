package dev.tidemark.databricks;

import java.io.IOException;
import java.io.Writer;

/**
 * Passes text on as it comes (the driver log shows it live) and keeps a copy (the failure message
 * is built from it once the command ends).
 */
final class TeeWriter extends Writer {
  private final Writer live;
  private final StringBuilder copy = new StringBuilder();

  TeeWriter(Writer live) {
    this.live = live;
  }

  @Override
  public synchronized void write(char[] chars, int offset, int length) throws IOException {
    copy.append(chars, offset, length);
    live.write(chars, offset, length);
  }

  @Override
  public void flush() throws IOException {
    live.flush();
  }

  @Override
  public void close() throws IOException {
    // The live stream is the process's own (System.err); it is not ours to close.
    flush();
  }

  synchronized String copied() {
    return copy.toString();
  }
}

package dev.tidemark.sample;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes lines built in a StringBuilder to a UTF-8 file, reusing one char buffer for all. */
final class JsonLinesWriter implements Closeable {

  private final BufferedWriter out;
  private char[] chars = new char[512];

  JsonLinesWriter(Path file) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  /** Writes {@code line} followed by {@code \n} (never the platform line separator). */
  void writeLine(StringBuilder line) throws IOException {
    int length = line.length();
    if (length + 1 > chars.length) {
      chars = new char[Math.max(length + 1, chars.length * 2)];
    }
    line.getChars(0, length, chars, 0);
    chars[length] = '\n';
    out.write(chars, 0, length + 1);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** part-NNNNN.json, the naming Spark uses too. */
  static String partFileName(int part) {
    StringBuilder name = new StringBuilder("part-");
    RowFormatter.appendPadded(name, part, 5);
    return name.append(".json").toString();
  }
}

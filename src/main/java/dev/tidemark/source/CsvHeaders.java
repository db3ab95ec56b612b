package dev.tidemark.source;

import dev.tidemark.config.DataFormat;
import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Checks the header line of CSV files read with {@code header = "true"}. Spark maps CSV columns to
 * the schema by position and only warns when the header disagrees, so a header naming a column
 * twice (an export that repeated one column and dropped another) would load values into the wrong
 * columns without a single quarantined row. Such a file stops the run with its name instead.
 *
 * <p>It opens each planned file once on the driver and reads its first line only.
 */
public final class CsvHeaders {
  private CsvHeaders() {}

  public static void check(Configuration hadoopConf, SourceConfig source, List<SourceFile> files) {
    if (source.format() != DataFormat.CSV
        || !"true".equalsIgnoreCase(source.options().getOrDefault("header", "false"))) {
      return;
    }
    String sep =
        source.options().getOrDefault("sep", source.options().getOrDefault("delimiter", ","));
    CompressionCodecFactory codecs = new CompressionCodecFactory(hadoopConf);
    for (SourceFile file : files) {
      String header = firstLine(hadoopConf, codecs, new Path(file.path()));
      if (header == null) {
        continue;
      }
      List<String> names = split(header, sep.equals("\\t") ? "\t" : sep);
      Set<String> seen = new HashSet<>();
      for (String name : names) {
        if (!name.isEmpty() && !seen.add(name.toLowerCase(Locale.ROOT))) {
          throw new IllegalStateException(
              "Cannot read "
                  + file.path()
                  + ": its CSV header names column '"
                  + name
                  + "' twice ("
                  + String.join(", ", names)
                  + "), so its values cannot be matched to pipeline.source.schema ("
                  + String.join(", ", source.schema().fieldNames())
                  + "). Have the file exported again with one column per name, or move it out"
                  + " of its landing folder, and rerun its landing date");
        }
      }
    }
  }

  private static String firstLine(Configuration conf, CompressionCodecFactory codecs, Path path) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      CompressionCodec codec = codecs.getCodec(path);
      try (InputStream raw = fs.open(path);
          InputStream in = codec == null ? raw : codec.createInputStream(raw);
          BufferedReader reader =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line = reader.readLine();
        // A byte-order mark is not part of the first name.
        return line != null && line.startsWith("\uFEFF") ? line.substring(1) : line;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the CSV header of " + path + ": " + e.getMessage(), e);
    }
  }

  /** The header's names: split at the separator, outer quotes and spaces removed. */
  private static List<String> split(String line, String sep) {
    List<String> names = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && line.startsWith(sep, i)) {
        names.add(current.toString().trim());
        current.setLength(0);
        i += sep.length() - 1;
      } else {
        current.append(c);
      }
    }
    names.add(current.toString().trim());
    return names;
  }
}

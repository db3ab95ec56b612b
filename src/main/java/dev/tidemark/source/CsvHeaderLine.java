package dev.tidemark.source;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.tidemark.config.DataFormat;
import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The header line of a CSV file, read on the driver: a few hundred bytes per file, and what lets
 * columns be matched by name. Spark itself maps CSV columns by position whenever a schema is given,
 * so a file whose columns were reordered or extended would be read into the wrong columns.
 */
final class CsvHeaderLine {
  private CsvHeaderLine() {}

  /** CSV with {@code header = "true"}: the only CSV whose columns have names to match. */
  static boolean hasNames(SourceConfig source) {
    return source.format() == DataFormat.CSV && ReaderOptions.isTrue(source.options(), "header");
  }

  /** Columns of the files that the schema does not declare; nothing without a header. */
  static List<FileDrift> drift(Configuration conf, SourceConfig source, List<SourceFile> files) {
    List<FileDrift> drift = new ArrayList<>();
    if (!hasNames(source)) {
      return drift;
    }
    for (SourceFile file : files) {
      for (String name : names(conf, source.options(), file.path())) {
        if (DeclaredColumns.ignoringCase(source.schema(), name).isEmpty()) {
          drift.add(new FileDrift.Undeclared(name, "", file.path()));
        }
      }
    }
    return drift;
  }

  /** The column names in the file's first line (after comment lines), as Spark would parse it. */
  static List<String> names(Configuration conf, Map<String, String> options, String path) {
    Path file = new Path(path);
    try {
      FileSystem fs = file.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
      try (InputStream raw = fs.open(file);
          InputStream in = codec == null ? raw : codec.createInputStream(raw);
          BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset(options)))) {
        Optional<String> comment = option(options, "comment").filter(c -> !c.isEmpty());
        String line = reader.readLine();
        while (line != null && comment.isPresent() && line.startsWith(comment.get())) {
          line = reader.readLine();
        }
        if (line == null) {
          return List.of();
        }
        if (line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        String[] fields = parser(options).parseLine(line);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
          // Spark's name for a column with an empty header.
          names.add(fields[i] == null || fields[i].isEmpty() ? "_c" + i : fields[i]);
        }
        return names;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the CSV header of " + path, e);
    }
  }

  private static CsvParser parser(Map<String, String> options) {
    CsvParserSettings settings = new CsvParserSettings();
    String sep = option(options, "sep").or(() -> option(options, "delimiter")).orElse(",");
    settings.getFormat().setDelimiter("\\t".equals(sep) ? "\t" : sep);
    option(options, "quote")
        .filter(q -> !q.isEmpty())
        .ifPresent(q -> settings.getFormat().setQuote(q.charAt(0)));
    option(options, "escape")
        .filter(e -> !e.isEmpty())
        .ifPresentOrElse(
            e -> settings.getFormat().setQuoteEscape(e.charAt(0)),
            () -> settings.getFormat().setQuoteEscape('\\'));
    // Spark keeps the spaces around a name unless told otherwise.
    settings.setIgnoreLeadingWhitespaces(ReaderOptions.isTrue(options, "ignoreLeadingWhiteSpace"));
    settings.setIgnoreTrailingWhitespaces(
        ReaderOptions.isTrue(options, "ignoreTrailingWhiteSpace"));
    return new CsvParser(settings);
  }

  private static Charset charset(Map<String, String> options) {
    return Charset.forName(
        option(options, "encoding").or(() -> option(options, "charset")).orElse("UTF-8"));
  }

  private static Optional<String> option(Map<String, String> options, String name) {
    return ReaderOptions.get(options, name);
  }
}

package dev.tidemark.source;

import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * Refuses CSV files whose header names a column twice. CSV with a header is read by column name
 * ({@link CsvReadByName}), and a repeated name leaves one of its two columns unread: an export that
 * repeated one column (and so, most likely, shifted or dropped another) would lose values without a
 * single quarantined row. Such a file stops the run with its name instead.
 */
public final class CsvDuplicateColumns {
  private CsvDuplicateColumns() {}

  public static void check(Configuration hadoopConf, SourceConfig source, List<SourceFile> files) {
    if (!CsvHeaderLine.hasNames(source)) {
      return;
    }
    for (SourceFile file : files) {
      List<String> names = CsvHeaderLine.names(hadoopConf, source.options(), file.path());
      Set<String> seen = new HashSet<>();
      for (String name : names) {
        if (name != null && !name.isEmpty() && !seen.add(name.toLowerCase(Locale.ROOT))) {
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
}

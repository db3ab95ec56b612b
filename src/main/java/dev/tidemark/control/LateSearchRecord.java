package dev.tidemark.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a run of a pipeline last searched every published folder for late files and then finished
 * (succeeded or breached), for {@code pipeline.late-files.search-every}: a small file beside the
 * pipeline's lock, {@code <pipeline>.late-search}, holding the instant. A file, not a control table
 * column, so that a run that finds nothing new records it without Spark, as it records its lock. A
 * missing or unreadable file means no search is known: the next run searches.
 */
public final class LateSearchRecord {
  private static final Logger LOG = LoggerFactory.getLogger(LateSearchRecord.class);

  private final Configuration hadoop;
  private final Path file;

  public LateSearchRecord(Configuration hadoop, String locksDir, String pipeline) {
    this.hadoop = hadoop;
    this.file = new Path(locksDir, pipeline + ".late-search");
  }

  public Optional<Instant> read() {
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (FSDataInputStream in = fs.open(file)) {
        return Optional.of(
            Instant.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()));
      }
    } catch (IOException | DateTimeParseException e) {
      LOG.warn(
          "Cannot read {} ({}): this run searches every folder for late files",
          file,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** Records a finished run's search, started at {@code searchedAt}. */
  public void write(Instant searchedAt) {
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (FSDataOutputStream out = fs.create(file, true)) {
        out.write(searchedAt.toString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot record the late-file search in " + file + ": " + e.getMessage(), e);
    }
  }
}

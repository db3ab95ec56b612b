package dev.tidemark.control;

import dev.tidemark.plan.FilesUnder;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The staging tables a pipeline's runs left behind. A run deletes its own when it commits; one that
 * failed, breached its checks or was killed keeps it for inspection, until it is older than the
 * staging retention and the next run or {@code maintain} deletes it.
 */
public final class StagingArea {
  private final Configuration hadoop;
  private final ControlStore tables;

  public StagingArea(Configuration hadoop, ControlStore tables) {
    this.hadoop = hadoop;
    this.tables = tables;
  }

  /** One run's staging table: its size, and when it was last written. */
  public record Leftover(String runId, String path, long bytes, Instant lastWritten) {}

  /** What is left, and how much of it is old enough to delete. */
  public record Summary(int tables, long bytes, Optional<Leftover> oldest) {
    public static final Summary NONE = new Summary(0, 0, Optional.empty());
  }

  /** The staging tables of a pipeline, oldest first. */
  public List<Leftover> list(String pipeline) {
    Path root = new Path(tables.stagingPath(pipeline, ""));
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      FileStatus[] runs;
      try {
        runs = fs.listStatus(root);
      } catch (FileNotFoundException e) {
        return List.of();
      }
      List<Leftover> leftovers = new ArrayList<>();
      for (FileStatus run : runs) {
        if (run.isDirectory()) {
          leftovers.add(measure(fs, run));
        }
      }
      leftovers.sort(Comparator.comparing(Leftover::lastWritten).thenComparing(Leftover::runId));
      return leftovers;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the staging tables under " + root, e);
    }
  }

  public Summary summary(String pipeline) {
    List<Leftover> all = list(pipeline);
    return new Summary(
        all.size(), all.stream().mapToLong(Leftover::bytes).sum(), all.stream().findFirst());
  }

  /**
   * Deletes the staging tables last written longer than {@code retention} before {@code now},
   * except those of runs still going in this JVM; returns what it deleted.
   */
  public List<Leftover> clean(
      String pipeline, Duration retention, Instant now, Set<String> activeRuns) {
    List<Leftover> deleted = new ArrayList<>();
    for (Leftover leftover : list(pipeline)) {
      boolean old = !leftover.lastWritten().plus(retention).isAfter(now);
      if (old && !activeRuns.contains(leftover.runId())) {
        Path path = new Path(leftover.path());
        try {
          path.getFileSystem(hadoop).delete(path, true);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot delete the staging table " + path, e);
        }
        deleted.add(leftover);
      }
    }
    return deleted;
  }

  private static Leftover measure(FileSystem fs, FileStatus run) throws IOException {
    long bytes = 0;
    long newest = run.getModificationTime();
    for (FileStatus file : FilesUnder.list(fs, run.getPath())) {
      bytes += file.getLen();
      newest = Math.max(newest, file.getModificationTime());
    }
    return new Leftover(
        run.getPath().getName(), run.getPath().toString(), bytes, Instant.ofEpochMilli(newest));
  }
}

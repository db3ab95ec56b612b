package dev.tidemark.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A Delta table's {@code _delta_log} read as files through Hadoop, for what Delta Kernel's public
 * API does not give: the commits' operations and user metadata (a run's id), and files a removed
 * commit left.
 */
public final class DeltaLogFiles {
  private DeltaLogFiles() {}

  /** A log file of one version: 00000000000000000004.json, .00000000000000000004.json.crc. */
  private static final Pattern VERSIONED = Pattern.compile("\\.?(\\d{20})\\..*");

  /**
   * Files of versions after {@code version} (checksum files a removed commit left, say): a new
   * commit of that version would be checked against them and fail to be read.
   */
  public static List<String> after(Configuration hadoop, String location, long version) {
    Path log = new Path(location, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(hadoop);
      if (fs instanceof ChecksumFileSystem checksummed) {
        // The local file system hides its own checksum files (.<name>.crc) from listings.
        fs = checksummed.getRawFileSystem();
      }
      List<String> after = new ArrayList<>();
      for (FileStatus file : fs.listStatus(log)) {
        Matcher name = VERSIONED.matcher(file.getPath().getName());
        if (file.isFile() && name.matches() && Long.parseLong(name.group(1)) > version) {
          after.add(file.getPath().toString());
        }
      }
      Collections.sort(after);
      return after;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + log, e);
    }
  }

  /**
   * The commits from {@code from} through {@code to} whose commit files the log still holds, oldest
   * first, with the operation and user metadata of their commitInfo action, as Delta's history
   * gives them.
   */
  public static List<TargetTable.Entry> commits(
      Configuration hadoop, String location, long from, long to) {
    Path log = new Path(location, "_delta_log");
    List<TargetTable.Entry> commits = new ArrayList<>();
    try {
      FileSystem fs = log.getFileSystem(hadoop);
      for (long v = from; v <= to; v++) {
        Path file = new Path(log, String.format(java.util.Locale.ROOT, "%020d.json", v));
        if (fs.exists(file)) {
          commits.add(commit(fs, file, v));
        }
      }
      return commits;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the commits of " + log, e);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The newest commit file of the log that is not valid JSON, if one is: Kernel's error for a
   * corrupt commit does not name the file, and the user needs its name to restore it.
   */
  public static Optional<String> invalidJson(Configuration hadoop, String location) {
    Path log = new Path(location, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(hadoop);
      List<Path> commits = new ArrayList<>();
      for (FileStatus file : fs.listStatus(log)) {
        if (file.isFile() && COMMIT.matcher(file.getPath().getName()).matches()) {
          commits.add(file.getPath());
        }
      }
      commits.sort(Collections.reverseOrder());
      // The newest few: a cut-short commit is nearly always a recent one, and a long log is not
      // worth reading whole for a message.
      for (Path commit : commits.subList(0, Math.min(commits.size(), NEWEST_CHECKED))) {
        if (!parses(fs, commit)) {
          return Optional.of(commit.toString());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // the listing's own error is the one the user sees
    }
  }

  private static final int NEWEST_CHECKED = 50;

  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");

  private static boolean parses(FileSystem fs, Path commit) throws IOException {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JSON.readTree(line);
      }
      return true;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
  }

  private static TargetTable.Entry commit(FileSystem fs, Path file, long version)
      throws IOException {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode info = JSON.readTree(line).path("commitInfo");
        if (info.isObject()) {
          return new TargetTable.Entry(
              version,
              info.path("operation").asText(null),
              Optional.ofNullable(info.path("userMetadata").asText(null)));
        }
      }
    }
    // A commit without commitInfo (some writers leave it out): nothing says who made it.
    return new TargetTable.Entry(version, "UNKNOWN", Optional.empty());
  }
}

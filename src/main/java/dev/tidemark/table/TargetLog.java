package dev.tidemark.table;

import java.util.List;
import java.util.Optional;

/**
 * What the check of a target's history reads of it (see {@code TargetTrust}): read through Spark by
 * a run, through Delta Kernel by {@code status}, which starts no Spark.
 */
public interface TargetLog {
  /** The path or the name, for messages and reports. */
  String path();

  boolean exists();

  /** The newest version, or empty when the table does not exist. */
  Optional<Long> version();

  /** The table's id and location, empty when there is no table. */
  Optional<TargetTable.Identity> identity();

  /**
   * The commits from {@code version} through {@code latest}, oldest first: those the log still
   * holds.
   */
  List<TargetTable.Entry> historyFrom(long version, long latest);

  /** Files in the table's {@code _delta_log} of versions after {@code version}. */
  List<String> logFilesAfter(long version, String location);

  /** Runs a read of the log, naming the table when its log cannot be read. */
  <T> T reading(java.util.function.Supplier<T> read);
}

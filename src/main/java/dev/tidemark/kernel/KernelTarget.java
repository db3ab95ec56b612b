package dev.tidemark.kernel;

import dev.tidemark.table.DeltaLogFiles;
import dev.tidemark.table.TargetLog;
import dev.tidemark.table.TargetTable;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A target at a path, as {@code status} reads it without Spark. */
public final class KernelTarget implements TargetLog {
  private final KernelTables kernel;
  private final String path;
  private final String location;

  public KernelTarget(KernelTables kernel, String path) {
    this.kernel = kernel;
    this.path = path;
    this.location = kernel.qualified(path);
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public boolean exists() {
    return kernel.exists(path);
  }

  @Override
  public Optional<Long> version() {
    return kernel.version(path);
  }

  @Override
  public Optional<TargetTable.Identity> identity() {
    return kernel.state(path).map(s -> new TargetTable.Identity(s.id(), location));
  }

  @Override
  public List<TargetTable.Entry> historyFrom(long version, long latest) {
    return DeltaLogFiles.commits(kernel.hadoop(), location, version, latest);
  }

  @Override
  public List<String> logFilesAfter(long version, String location) {
    return DeltaLogFiles.after(kernel.hadoop(), location, version);
  }

  @Override
  public <T> T reading(Supplier<T> read) {
    return read.get(); // KernelTables names the table in its errors
  }
}

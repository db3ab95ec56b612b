package dev.tidemark.control;

import dev.tidemark.kernel.KernelTables;
import java.util.List;

/**
 * The runs table read and written through Delta Kernel, for a run that needs no Spark: the same
 * rows {@link RunLog} reads and writes, by its own row mappers.
 */
public final class KernelRunLog {
  private final KernelTables kernel;
  private final ControlTable table;

  public KernelRunLog(KernelTables kernel, ControlStore tables) {
    this.kernel = kernel;
    this.table = tables.runs();
  }

  /** True when the table exists with exactly the columns this Tidemark writes. */
  public boolean current() {
    List<String> stored = kernel.columns(table.path());
    return !stored.isEmpty()
        && new java.util.HashSet<>(stored).equals(java.util.Set.of(table.schema().fieldNames()));
  }

  /**
   * Writes a finished run's row, appended: its run id is new, so no earlier row holds it, as in
   * {@link RunLog#start}. Only for a run that wrote no row before.
   */
  public void write(RunRecord run) {
    kernel.append(table.path(), table.schema(), List.of(RunLog.toRow(run)));
  }
}

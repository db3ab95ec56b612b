package dev.tidemark.config;

import dev.tidemark.table.TableRef;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One pipeline: a raw source, its natural keys and sequence, and a Delta target. */
public record PipelineConfig(
    String name,
    SourceConfig source,
    List<String> keys,
    List<String> sequence,
    Optional<String> partitionColumn,
    String eventTimeColumn,
    java.time.Duration lookback,
    Optional<LocalDate> startDate,
    TableRef target,
    Optional<List<String>> statsColumns,
    ReconcileConfig reconcile,
    ThresholdConfig thresholds,
    MaintainConfig maintain,
    SchemaDriftPolicy schemaDrift,
    QualityConfig quality,
    QuarantineConfig quarantine,
    DeleteConfig deletes,
    Optional<Integer> lateFileMaxAgeDays,
    BatchLimits batch,
    Optional<java.time.Duration> lateFileSearchEvery) {
  /**
   * @param lookback how far before the landing watermark an incremental run starts: whole hours
   * @param lateFileMaxAgeDays how many days older than today a published folder may be for an
   *     incremental run to read its late files; empty: every published folder
   * @param batch how much of a backfill one batch takes
   * @param lateFileSearchEvery how often an incremental run searches every published folder for
   *     late files; empty: every run
   */
  public PipelineConfig {
    keys = List.copyOf(keys);
    sequence = List.copyOf(sequence);
  }

  /**
   * The lookback in landing dates, for a layout whose landing unit is the day: an hour's part of a
   * day counts as the day ({@code 6h} re-reads one date before the watermark's).
   */
  public int lookbackDays() {
    return (int) ((lookback.toHours() + 23) / 24);
  }

  /**
   * The target's folder, for a target given as a path (tests, tools that need files); fails for a
   * target given as a table name, whose folder only its catalog knows: use {@link #target()}.
   */
  public String targetPath() {
    return target
        .path()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Cannot give a path for target " + target + ": it is a table name"));
  }

  /** The business columns, in schema order: what the target holds besides Tidemark's own. */
  public List<String> columns() {
    return List.of(source.schema().fieldNames());
  }

  /** Columns compared by reconciliation: configured, or every non-key column. */
  public List<String> comparedColumns() {
    if (!reconcile.compareColumns().isEmpty()) {
      return reconcile.compareColumns();
    }
    List<String> compared = new ArrayList<>(columns());
    compared.removeAll(keys);
    return compared;
  }
}

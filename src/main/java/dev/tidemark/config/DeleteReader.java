package dev.tidemark.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads {@code pipeline.source.mode}, {@code pipeline.deletes} and {@code
 * pipeline.partition-may-change} into a {@link DeleteConfig}.
 */
final class DeleteReader {
  private DeleteReader() {}

  static DeleteConfig read(
      ConfigReader r,
      List<String> keys,
      List<String> sequence,
      Optional<String> partition,
      StructType schema) {
    boolean snapshot = snapshot(r);
    Optional<String> op = r.optionalString("pipeline.deletes.op-column");
    List<String> values = r.stringList("pipeline.deletes.delete-values");
    if (op.isPresent()) {
      requireOpColumn(r, op.get(), values, keys, sequence, schema);
    }
    Duration retention = retention(r);
    boolean deleteMissing = r.bool("pipeline.deletes.delete-missing");
    if (deleteMissing && !snapshot) {
      throw new InvalidConfigException(
          "Cannot use pipeline.deletes.delete-missing = true ("
              + r.where("pipeline.deletes.delete-missing")
              + ") with pipeline.source.mode = changes: only a snapshot source says which keys are"
              + " gone. Set pipeline.source.mode = snapshot, or delete with tombstones"
              + " (pipeline.deletes.op-column)");
    }
    boolean mayChange = r.bool("pipeline.partition-may-change");
    if (mayChange && partition.isEmpty()) {
      throw new InvalidConfigException(
          "Cannot use pipeline.partition-may-change = true ("
              + r.where("pipeline.partition-may-change")
              + ") without pipeline.partition-column: an unpartitioned target has no partition"
              + " to change");
    }
    return new DeleteConfig(snapshot, op, values, retention, deleteMissing, mayChange);
  }

  /** Whether the source is a snapshot ({@code pipeline.source.mode}), not a change feed. */
  private static boolean snapshot(ConfigReader r) {
    String mode = r.string("pipeline.source.mode").trim();
    if (!mode.equals("changes") && !mode.equals("snapshot")) {
      throw new InvalidConfigException(
          "Cannot use pipeline.source.mode = \""
              + mode
              + "\" ("
              + r.where("pipeline.source.mode")
              + "): allowed are changes (each folder holds new versions of some keys) and snapshot"
              + " (each folder holds the complete state of the target partitions it has rows"
              + " for)");
    }
    return mode.equals("snapshot");
  }

  /** The op column: a string column of the schema, not a key or sequence column, with values. */
  private static void requireOpColumn(
      ConfigReader r,
      String column,
      List<String> values,
      List<String> keys,
      List<String> sequence,
      StructType schema) {
    DataType type = PipelineReader.requireColumn(r, "pipeline.deletes.op-column", column, schema);
    if (keys.contains(column) || sequence.contains(column)) {
      throw new InvalidConfigException(
          "Cannot use '"
              + column
              + "' as pipeline.deletes.op-column ("
              + r.where("pipeline.deletes.op-column")
              + "): it is a key or sequence column; use the column that says insert, update or"
              + " delete, e.g. op");
    }
    if (!(type instanceof StringType)) {
      throw new InvalidConfigException(
          "Cannot use '"
              + column
              + "' as pipeline.deletes.op-column ("
              + r.where("pipeline.deletes.op-column")
              + "): its type is "
              + type.simpleString()
              + "; allowed is a string column");
    }
    if (values.isEmpty()) {
      throw new InvalidConfigException(
          "Cannot use pipeline.deletes.delete-values = [] ("
              + r.where("pipeline.deletes.delete-values")
              + "): list the op-column values that mean delete, e.g. [D]");
    }
  }

  /** How long a tombstone is remembered: positive. */
  private static Duration retention(ConfigReader r) {
    Duration retention = r.duration("pipeline.deletes.tombstone-retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new InvalidConfigException(
          "Cannot use pipeline.deletes.tombstone-retention = "
              + retention
              + " ("
              + r.where("pipeline.deletes.tombstone-retention")
              + "): allowed is a positive duration such as 30d; it must outlast the latest an"
              + " older version of a deleted key can still arrive");
    }
    return retention;
  }
}

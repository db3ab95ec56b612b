package dev.tidemark.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * {@code pipeline.target.stats-columns}: the columns Delta keeps minimum and maximum values for in
 * each of the target's files, set when Tidemark creates the target.
 *
 * <p>Delta's default is the first 32 columns, and collecting them is about a third of the time of
 * every write to the target. In a target partitioned by date, only columns that follow the date
 * (the sequence, the event time, keys that grow with time) have ranges narrow enough per file to
 * skip files; a status or a customer id spans its whole range in every file. So the default is the
 * keys, the sequence columns and the event-time column.
 */
final class StatsColumns {
  /** The value that keeps Delta's own default. */
  static final String DELTA_DEFAULT = "*";

  private static final String PATH = "pipeline.target.stats-columns";

  private StatsColumns() {}

  /**
   * The configured or default columns; empty for {@link #DELTA_DEFAULT}. Columns Delta cannot keep
   * statistics for are left out of the default and refused when named.
   */
  static Optional<List<String>> read(
      ConfigReader r,
      List<String> keys,
      List<String> sequence,
      String eventTime,
      Optional<String> partition,
      StructType schema) {
    List<String> configured = r.stringList(PATH);
    if (configured.equals(List.of(DELTA_DEFAULT))) {
      return Optional.empty();
    }
    if (!configured.isEmpty()) {
      for (String column : configured) {
        DataType type = PipelineReader.requireColumn(r, PATH, column, schema);
        if (partition.isPresent() && partition.get().equals(column)) {
          throw refused(r, column, "it is the partition column, which Delta prunes by its folders");
        }
        if (!eligible(type)) {
          throw refused(
              r,
              column,
              "Delta keeps no statistics for "
                  + type.simpleString()
                  + " columns; use numbers, strings, dates or timestamps");
        }
      }
      return Optional.of(List.copyOf(new LinkedHashSet<>(configured)));
    }
    Set<String> columns = new LinkedHashSet<>(keys);
    columns.addAll(sequence);
    columns.add(eventTime);
    partition.ifPresent(columns::remove);
    List<String> result = new ArrayList<>();
    for (String column : columns) {
      if (eligible(schema.apply(column).dataType())) {
        result.add(column);
      }
    }
    // Nothing eligible: Delta's default rather than no statistics at all.
    return result.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(result));
  }

  /** The types Delta collects minimum and maximum values for. */
  private static boolean eligible(DataType type) {
    return type instanceof NumericType
        || type instanceof StringType
        || type instanceof DateType
        || type instanceof TimestampType
        || type instanceof TimestampNTZType;
  }

  private static InvalidConfigException refused(ConfigReader r, String column, String why) {
    return new InvalidConfigException(
        "Cannot keep statistics for column '"
            + column
            + "' ("
            + r.where(PATH)
            + "): "
            + why
            + ". List other columns in "
            + PATH
            + ", or [\""
            + DELTA_DEFAULT
            + "\"] for Delta's default (the first 32 columns)");
  }
}

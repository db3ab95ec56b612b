package dev.tidemark.config;

import dev.tidemark.table.TableRef;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/** Reads and validates the {@code pipeline} block into a {@link PipelineConfig}. */
final class PipelineReader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  /** Column-name prefix Tidemark keeps for its own columns in staging and target tables. */
  static final String RESERVED_PREFIX = "_tm_";

  private PipelineReader() {}

  static PipelineConfig read(ConfigReader r, String defaultName, String warehouse) {
    String name = name(r, defaultName);
    SourceConfig source = source(r);
    StructType schema = source.schema();
    List<String> keys =
        r.requiredStringList("pipeline.keys", "list the natural key columns, e.g. [order_id]");
    keys.forEach(k -> requireColumn(r, "pipeline.keys", k, schema));
    requireDistinct(r, "pipeline.keys", keys);
    List<String> sequence = sequence(r, schema);
    Optional<String> partition = partitionColumn(r, schema);
    String eventTime = eventTimeColumn(r, sequence, schema);
    Duration lookback = RunWindow.lookback(r);
    TableRef target = TableNames.target(r, name, warehouse);
    ReconcileConfig reconcile = reconcile(r, keys, schema);
    return new PipelineConfig(
        name,
        source,
        keys,
        sequence,
        partition,
        eventTime,
        lookback,
        r.optionalDate("pipeline.start-date"),
        target,
        StatsColumns.read(r, keys, sequence, eventTime, partition, schema),
        reconcile,
        thresholds(r),
        new MaintainConfig(
            r.bool("pipeline.maintain.optimize"),
            r.duration("pipeline.maintain.vacuum-retention"),
            r.integer("pipeline.maintain.rollback-runs", 0, 10_000)),
        schemaDrift(r),
        QualityReader.read(r, schema),
        new QuarantineConfig(r.share(QuarantineConfig.MAX_SHARE_KEY)),
        DeleteReader.read(r, keys, sequence, partition, schema),
        r.optionalString(LATE_FILES_MAX_AGE).map(text -> r.integer(LATE_FILES_MAX_AGE, 0, 100_000)),
        new BatchLimits(
            r.integer("pipeline.batch.max-days", 1, 100_000), r.bytes("pipeline.batch.max-bytes")),
        RunWindow.lateFileSearchEvery(r));
  }

  static final String LATE_FILES_MAX_AGE = "pipeline.late-files.max-age-days";

  private static String name(ConfigReader r, String defaultName) {
    String name = r.optionalString("pipeline.name").orElse(defaultName);
    if (!NAME.matcher(name).matches()) {
      throw new InvalidConfigException(
          "Cannot use pipeline.name = \""
              + name
              + "\" ("
              + r.where("pipeline.name")
              + "): allowed are letters, digits, '_' and '-', starting with a letter or digit");
    }
    return name;
  }

  /** The columns that order versions: distinct columns of the schema, of types with an order. */
  private static List<String> sequence(ConfigReader r, StructType schema) {
    List<String> sequence =
        r.requiredStringList(
            "pipeline.sequence",
            "list the columns that order versions, e.g. [updated_at, version]");
    for (String column : sequence) {
      DataType type = requireColumn(r, "pipeline.sequence", column, schema);
      if (!isPlainValue(type)) {
        throw new InvalidConfigException(
            "Cannot use sequence column '"
                + column
                + "' ("
                + r.where("pipeline.sequence")
                + "): its type "
                + type.simpleString()
                + " has no order; allowed are timestamp, date, number and string columns");
      }
    }
    requireDistinct(r, "pipeline.sequence", sequence);
    return sequence;
  }

  private static Optional<String> partitionColumn(ConfigReader r, StructType schema) {
    Optional<String> partition = r.optionalString("pipeline.partition-column");
    partition.ifPresent(
        column -> {
          DataType type = requireColumn(r, "pipeline.partition-column", column, schema);
          if (!isPlainValue(type)) {
            throw new InvalidConfigException(
                "Cannot partition the target by '"
                    + column
                    + "' ("
                    + r.where("pipeline.partition-column")
                    + "): its type "
                    + type.simpleString()
                    + " cannot be a partition column; use a date, string or number column");
          }
        });
    return partition;
  }

  private static SchemaDriftPolicy schemaDrift(ConfigReader r) {
    String value = r.string("pipeline.schema-drift");
    return SchemaDriftPolicy.parse(value)
        .orElseThrow(
            () ->
                new InvalidConfigException(
                    "Cannot use pipeline.schema-drift = \""
                        + value
                        + "\" ("
                        + r.where("pipeline.schema-drift")
                        + "): allowed are "
                        + SchemaDriftPolicy.labels()));
  }

  private static ThresholdConfig thresholds(ConfigReader r) {
    Optional<Duration> maxLag =
        r.optionalString("pipeline.thresholds.max-lag")
            .map(text -> r.duration("pipeline.thresholds.max-lag"));
    return new ThresholdConfig(
        r.nonNegativeLong("pipeline.thresholds.max-target-duplicate-keys"),
        maxLag,
        r.nonNegativeDouble("pipeline.thresholds.max-runtime-p95-multiple"),
        r.integer("pipeline.thresholds.runtime-window", 1, 10_000),
        r.integer("pipeline.thresholds.runtime-min-runs", 1, 10_000));
  }

  private static SourceConfig source(ConfigReader r) {
    String path =
        Locations.qualify(
            r.requiredString(
                "pipeline.source.path", "the folder holding the dt=YYYY-MM-DD folders"));
    DataFormat format = format(r, "pipeline.source.format", DataFormat.SOURCE_FORMATS);
    String ddl =
        r.requiredString(
            "pipeline.source.schema",
            "the columns as Spark DDL, e.g. \"order_id STRING, amount DECIMAL(12,2)\"");
    StructType schema;
    try {
      schema = Ddl.columns(ddl);
    } catch (Exception e) { // Spark's ParseException is checked in Java's eyes, not declared
      throw new InvalidConfigException(
          "Cannot parse pipeline.source.schema = \""
              + ddl
              + "\" ("
              + r.where("pipeline.source.schema")
              + ") as Spark DDL: "
              + firstLine(e.getMessage())
              + "; allowed is a column list such as \"order_id STRING, amount DECIMAL(12,2)\"");
    }
    Set<String> seen = new HashSet<>();
    for (StructField field : schema.fields()) {
      if (field.name().toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
        throw new InvalidConfigException(
            "Cannot use column '"
                + field.name()
                + "' in pipeline.source.schema ("
                + r.where("pipeline.source.schema")
                + "): names starting with "
                + RESERVED_PREFIX
                + " are reserved for Tidemark's own columns");
      }
      if (!seen.add(field.name().toLowerCase(Locale.ROOT))) {
        throw new InvalidConfigException(
            "Cannot use column '"
                + field.name()
                + "' twice in pipeline.source.schema ("
                + r.where("pipeline.source.schema")
                + "): Spark compares column names case-insensitively");
      }
    }
    return new SourceConfig(
        path,
        format,
        schema,
        readerOptions(r),
        LayoutSetting.read(r),
        keyNormalisation(r),
        roundDecimals(r));
  }

  /** {@code pipeline.source.decimal-rounding}: quarantine (the default) or round. */
  private static boolean roundDecimals(ConfigReader r) {
    String path = "pipeline.source.decimal-rounding";
    String value = r.string(path).trim();
    return switch (value) {
      case "quarantine" -> false;
      case "round" -> true;
      default ->
          throw new InvalidConfigException(
              "Cannot use "
                  + path
                  + " = \""
                  + value
                  + "\" ("
                  + r.where(path)
                  + "): allowed are quarantine and round");
    };
  }

  /**
   * The reader's options, without the two that decide what happens to a line that does not parse:
   * Tidemark reads every line in PERMISSIVE mode and sends those to quarantine. DROPMALFORMED would
   * drop them unseen, FAILFAST stop the run at the first.
   */
  private static Map<String, String> readerOptions(ConfigReader r) {
    String path = "pipeline.source.options";
    Map<String, String> options = r.stringMap(path);
    for (String key : options.keySet()) {
      if (key.equalsIgnoreCase("mode") || key.equalsIgnoreCase("columnNameOfCorruptRecord")) {
        throw new InvalidConfigException(
            "Cannot use "
                + path
                + "."
                + key
                + " ("
                + r.where(path + "." + key)
                + "): Tidemark reads every line in PERMISSIVE mode and sends the lines that do not"
                + " parse to quarantine, where DROPMALFORMED would drop them and FAILFAST stop the"
                + " run; remove it (see the quarantine with `tidemark quarantine`)");
      }
    }
    return options;
  }

  private static KeyNormalisation keyNormalisation(ConfigReader r) {
    String path = "pipeline.key-normalisation.case";
    String value = r.string(path);
    KeyNormalisation.Case letterCase =
        KeyNormalisation.Case.parse(value)
            .orElseThrow(
                () ->
                    new InvalidConfigException(
                        "Cannot use "
                            + path
                            + " = \""
                            + value
                            + "\" ("
                            + r.where(path)
                            + "): allowed are none, upper and lower"));
    return new KeyNormalisation(r.bool("pipeline.key-normalisation.trim"), letterCase);
  }

  private static String eventTimeColumn(ConfigReader r, List<String> sequence, StructType schema) {
    Optional<String> configured = r.optionalString("pipeline.event-time-column");
    String column = configured.orElse(sequence.get(0));
    String path = configured.isPresent() ? "pipeline.event-time-column" : "pipeline.sequence";
    DataType type = requireColumn(r, path, column, schema);
    if (!(type instanceof TimestampType
        || type instanceof TimestampNTZType
        || type instanceof DateType)) {
      throw new InvalidConfigException(
          "Cannot use '"
              + column
              + "' as the event-time column ("
              + r.where(path)
              + "): its type is "
              + type.simpleString()
              + "; allowed are timestamp or date columns. Set pipeline.event-time-column to one");
    }
    return column;
  }

  private static ReconcileConfig reconcile(ConfigReader r, List<String> keys, StructType schema) {
    Optional<GoldenConfig> golden =
        r.optionalString("pipeline.reconcile.golden.path")
            .map(
                path -> {
                  Optional<String> from = r.optionalString("pipeline.reconcile.golden.valid-from");
                  Optional<String> to = r.optionalString("pipeline.reconcile.golden.valid-to");
                  if (from.isPresent() != to.isPresent()) {
                    throw new InvalidConfigException(
                        "Cannot use pipeline.reconcile.golden.valid-from and valid-to ("
                            + r.where("pipeline.reconcile.golden")
                            + "): set both, or neither for a golden source of current state");
                  }
                  return new GoldenConfig(
                      Locations.qualify(path),
                      format(r, "pipeline.reconcile.golden.format", DataFormat.GOLDEN_FORMATS),
                      r.stringMap("pipeline.reconcile.golden.options"),
                      from,
                      to);
                });
    List<String> compare = r.stringList("pipeline.reconcile.compare-columns");
    for (String column : compare) {
      requireColumn(r, "pipeline.reconcile.compare-columns", column, schema);
      if (keys.contains(column)) {
        throw new InvalidConfigException(
            "Cannot compare key column '"
                + column
                + "' in pipeline.reconcile.compare-columns ("
                + r.where("pipeline.reconcile.compare-columns")
                + "): keys are what rows are joined on; list non-key columns only");
      }
    }
    return new ReconcileConfig(
        golden,
        compare,
        r.nonNegativeLong("pipeline.reconcile.max-missing"),
        r.nonNegativeLong("pipeline.reconcile.max-extra"),
        r.nonNegativeLong("pipeline.reconcile.max-mismatched"),
        r.integer("pipeline.reconcile.sample-size", 0, 1000));
  }

  private static DataFormat format(ConfigReader r, String path, List<DataFormat> allowed) {
    String value = r.string(path);
    return DataFormat.parse(value)
        .filter(allowed::contains)
        .orElseThrow(
            () ->
                new InvalidConfigException(
                    "Cannot use "
                        + path
                        + " = \""
                        + value
                        + "\" ("
                        + r.where(path)
                        + "): allowed formats are "
                        + DataFormat.names(allowed)));
  }

  static DataType requireColumn(ConfigReader r, String path, String column, StructType schema) {
    for (StructField field : schema.fields()) {
      if (field.name().equals(column)) {
        return field.dataType();
      }
    }
    throw new InvalidConfigException(
        "Cannot use column '"
            + column
            + "' in "
            + path
            + " ("
            + r.where(path)
            + "): it is not in pipeline.source.schema; columns are "
            + String.join(", ", schema.fieldNames()));
  }

  private static void requireDistinct(ConfigReader r, String path, List<String> columns) {
    if (new HashSet<>(columns).size() != columns.size()) {
      throw new InvalidConfigException(
          "Cannot use "
              + path
              + " = "
              + columns
              + " ("
              + r.where(path)
              + "): a column is repeated");
    }
  }

  /** A single value that can be ordered and compared: not a struct, array, map or binary. */
  private static boolean isPlainValue(DataType type) {
    return type instanceof AtomicType && !(type instanceof BinaryType);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}

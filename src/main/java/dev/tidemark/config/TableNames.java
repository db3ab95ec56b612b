package dev.tidemark.config;

import dev.tidemark.table.TableName;
import dev.tidemark.table.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads where tables are: a pipeline's target ({@code pipeline.target.path} or {@code
 * pipeline.target.table}) and the control tables ({@code tidemark.control-location} or {@code
 * tidemark.control-schema}). Each pair is one choice: setting both is an error naming both.
 */
final class TableNames {
  static final String TARGET_PATH = "pipeline.target.path";
  static final String TARGET_TABLE = "pipeline.target.table";
  static final String CONTROL_LOCATION = "tidemark.control-location";
  static final String CONTROL_SCHEMA = "tidemark.control-schema";
  static final String TARGET_SCHEMA = "tidemark.target-schema";

  private TableNames() {}

  /**
   * The target: the configured path or table name, else {@code <target-schema>.<pipeline>} when
   * {@code tidemark.target-schema} is set, else {@code <warehouse>/<pipeline>}.
   */
  static TableRef target(ConfigReader r, String pipeline, String warehouse) {
    Optional<String> path = r.optionalString(TARGET_PATH);
    Optional<String> table = r.optionalString(TARGET_TABLE);
    if (path.isPresent() && table.isPresent()) {
      throw bothSet(r, TARGET_PATH, path.get(), TARGET_TABLE, table.get());
    }
    if (table.isPresent()) {
      List<String> parts =
          parse(r, TARGET_TABLE, table.get(), 2, 3, "catalog.schema.table or schema.table");
      return TableName.of(parts, warehouse);
    }
    if (path.isEmpty()) {
      Optional<String> schema = r.optionalString(TARGET_SCHEMA);
      if (schema.isPresent()) {
        return TableName.of(targetInSchema(r, schema.get(), pipeline), warehouse);
      }
    }
    return TableRef.path(path.map(Locations::qualify).orElse(warehouse + "/" + pipeline));
  }

  /** {@code <target-schema>.<pipeline>}; a pipeline name that is no plain identifier is refused. */
  private static List<String> targetInSchema(ConfigReader r, String schema, String pipeline) {
    List<String> parts =
        new ArrayList<>(parse(r, TARGET_SCHEMA, schema, 1, 2, "catalog.schema or schema"));
    try {
      parts.addAll(TableName.parse(pipeline, 1, 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          "Cannot name the target of pipeline '"
              + pipeline
              + "' in "
              + TARGET_SCHEMA
              + " = \""
              + schema
              + "\" ("
              + r.where(TARGET_SCHEMA)
              + "): "
              + e.getMessage()
              + "; set "
              + TARGET_TABLE
              + " (or "
              + TARGET_PATH
              + ") in the pipeline's file");
    }
    return parts;
  }

  /** The schema that holds the control tables by name, when configured. */
  static Optional<List<String>> controlSchema(ConfigReader r) {
    Optional<String> schema = r.optionalString(CONTROL_SCHEMA);
    Optional<String> location = r.optionalString(CONTROL_LOCATION);
    if (schema.isPresent() && location.isPresent()) {
      throw bothSet(r, CONTROL_LOCATION, location.get(), CONTROL_SCHEMA, schema.get());
    }
    return schema.map(s -> parse(r, CONTROL_SCHEMA, s, 1, 2, "catalog.schema or schema"));
  }

  private static List<String> parse(
      ConfigReader r, String key, String value, int min, int max, String shape) {
    try {
      return TableName.parse(value, min, max);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          "Cannot use "
              + key
              + " = \""
              + value
              + "\" ("
              + r.where(key)
              + "): "
              + e.getMessage()
              + "; allowed is a name "
              + shape
              + ", each part letters, digits and '_' (e.g. spark_catalog.tidemark"
              + (max == 3 ? ".orders" : "")
              + ")");
    }
  }

  private static InvalidConfigException bothSet(
      ConfigReader r, String first, String firstValue, String second, String secondValue) {
    return new InvalidConfigException(
        "Cannot use both "
            + first
            + " = \""
            + firstValue
            + "\" ("
            + r.where(first)
            + ") and "
            + second
            + " = \""
            + secondValue
            + "\" ("
            + r.where(second)
            + "): a table is either a path or a name; remove one of them");
  }
}

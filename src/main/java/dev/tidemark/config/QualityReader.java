package dev.tidemark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructType;

/**
 * Reads {@code pipeline.quality}: the checks are a list of objects, which the unknown-key check of
 * the loader does not look inside, so every key of every check is validated here.
 */
final class QualityReader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  private static final String CHECKS = "pipeline.quality.checks";

  /** The keys each type takes, besides name, type and severity. */
  private static final Map<QualityCheckType, Set<String>> KEYS =
      Map.of(
          QualityCheckType.UNIQUE, Set.of("columns"),
          QualityCheckType.NOT_NULL, Set.of("columns"),
          QualityCheckType.ACCEPTED_VALUES, Set.of("columns", "values"),
          QualityCheckType.EXPRESSION, Set.of("expression"),
          QualityCheckType.ROW_COUNT, Set.of("min", "max", "max-change-percent"),
          QualityCheckType.FRESHNESS, Set.of("max-age"));

  private QualityReader() {}

  static QualityConfig read(ConfigReader r, StructType schema) {
    int sampleSize = r.integer("pipeline.quality.sample-size", 0, 1000);
    ConfigList list = r.list(CHECKS);
    List<QualityCheckConfig> checks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      QualityCheckConfig check = check(list.get(i), CHECKS + "[" + i + "]", i, schema);
      if (!names.add(check.name())) {
        throw new InvalidConfigException(
            "Cannot use the check name '"
                + check.name()
                + "' twice in "
                + CHECKS
                + " ("
                + list.get(i).origin().description()
                + "): give each check its own name");
      }
      checks.add(check);
    }
    return new QualityConfig(sampleSize, checks);
  }

  private static QualityCheckConfig check(
      ConfigValue value, String key, int index, StructType schema) {
    Element e = element(value, key);
    QualityCheckType type = type(e, (ConfigObject) value);
    String severityText = e.optionalString("severity").orElse("error");
    QualitySeverity severity =
        QualitySeverity.parse(severityText)
            .orElseThrow(
                () -> e.bad("severity", "\"" + severityText + "\"", "allowed are error, warn"));
    List<String> columns = List.of();
    if (KEYS.get(type).contains("columns")) {
      columns = e.columns(schema);
    }
    List<String> values = List.of();
    if (type == QualityCheckType.ACCEPTED_VALUES) {
      values = e.stringList("values", "the accepted values, e.g. [placed, shipped]");
    }
    Optional<String> expression = Optional.empty();
    if (type == QualityCheckType.EXPRESSION) {
      String sql = e.requiredString("expression", "a SQL boolean, e.g. \"amount >= 0\"");
      SqlExpressions.requireValid(sql, schema, e.describe("expression"));
      expression = Optional.of(sql);
    }
    RowCountBounds bounds =
        type == QualityCheckType.ROW_COUNT ? rowCountBounds(e, key) : RowCountBounds.NONE;
    Optional<Duration> maxAge = Optional.empty();
    if (type == QualityCheckType.FRESHNESS) {
      maxAge = Optional.of(e.duration("max-age"));
    }
    String name = name(e, type, columns, index);
    return new QualityCheckConfig(
        name,
        type,
        severity,
        columns,
        values,
        expression,
        bounds.min(),
        bounds.max(),
        bounds.maxChange(),
        maxAge,
        key);
  }

  /** The check's settings, which must be an object. */
  private static Element element(ConfigValue value, String key) {
    if (value.valueType() != ConfigValueType.OBJECT) {
      throw new InvalidConfigException(
          "Cannot use "
              + key
              + " = "
              + value.render(ConfigRenderOptions.concise())
              + " ("
              + value.origin().description()
              + "): a check is an object, e.g. { type = unique, columns = [order_id] }");
    }
    Config c = ((ConfigObject) value).toConfig();
    return new Element(c, key, value.origin().description());
  }

  /** The check's type, and no setting the type does not take. */
  private static QualityCheckType type(Element e, ConfigObject value) {
    String typeText = e.requiredString("type", "one of " + QualityCheckType.labels());
    QualityCheckType type =
        QualityCheckType.parse(typeText)
            .orElseThrow(
                () ->
                    e.bad(
                        "type",
                        "\"" + typeText + "\"",
                        "allowed types are " + QualityCheckType.labels()));
    Set<String> allowed = new TreeSet<>(KEYS.get(type));
    allowed.addAll(List.of("name", "type", "severity"));
    for (String k : value.keySet()) {
      if (!allowed.contains(k)) {
        throw e.bad(k, "", "a " + type.label() + " check takes " + String.join(", ", allowed));
      }
    }
    return type;
  }

  /** A row_count check's limits; other checks have none. */
  private record RowCountBounds(OptionalLong min, OptionalLong max, OptionalDouble maxChange) {
    static final RowCountBounds NONE =
        new RowCountBounds(OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty());
  }

  private static RowCountBounds rowCountBounds(Element e, String key) {
    OptionalLong min = e.optionalCount("min");
    OptionalLong max = e.optionalCount("max");
    OptionalDouble maxChange = e.optionalPercent("max-change-percent");
    if (min.isEmpty() && max.isEmpty() && maxChange.isEmpty()) {
      throw new InvalidConfigException(
          "Cannot use the row_count check at "
              + key
              + " ("
              + e.origin
              + "): set min, max or max-change-percent");
    }
    if (min.isPresent() && max.isPresent() && min.getAsLong() > max.getAsLong()) {
      throw e.bad("min", String.valueOf(min.getAsLong()), "min must not exceed max");
    }
    return new RowCountBounds(min, max, maxChange);
  }

  /** The check's name as set, or its default; letters, digits, '_' and '-' only. */
  private static String name(Element e, QualityCheckType type, List<String> columns, int index) {
    String name = e.optionalString("name").orElse(defaultName(type, columns, index));
    if (!NAME.matcher(name).matches()) {
      throw e.bad(
          "name",
          "\"" + name + "\"",
          "allowed are letters, digits, '_' and '-', starting with a letter or digit");
    }
    return name;
  }

  /** unique_customer_id_order_date, not_null_status, expression_3 (its position), row_count. */
  private static String defaultName(QualityCheckType type, List<String> columns, int index) {
    if (type == QualityCheckType.EXPRESSION) {
      return "expression_" + (index + 1);
    }
    if (columns.isEmpty()) {
      return type.label();
    }
    String name = type.label() + "_" + String.join("_", columns);
    return name.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /** Typed reads of one check object, with messages that name its key and where it is. */
  private static final class Element {
    private final Config config;
    private final String key;
    private final String origin;

    Element(Config config, String key, String origin) {
      this.config = config;
      this.key = key;
      this.origin = origin;
    }

    String describe(String field) {
      return key + "." + field + " (" + where(field) + ")";
    }

    String where(String field) {
      return config.hasPathOrNull(field) ? config.getValue(field).origin().description() : origin;
    }

    InvalidConfigException bad(String field, String shown, String allowed) {
      return new InvalidConfigException(
          "Cannot use "
              + key
              + "."
              + field
              + (shown.isEmpty() ? "" : " = " + shown)
              + " ("
              + where(field)
              + "): "
              + allowed);
    }

    private InvalidConfigException wrongType(String field, String allowed) {
      return bad(
          field,
          config.getValue(field).render(ConfigRenderOptions.concise()),
          "allowed is " + allowed);
    }

    Optional<String> optionalString(String field) {
      if (!config.hasPath(field)) {
        return Optional.empty();
      }
      ConfigValueType t = config.getValue(field).valueType();
      if (t == ConfigValueType.OBJECT || t == ConfigValueType.LIST) {
        throw wrongType(field, "a string");
      }
      String value = config.getString(field).trim();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    String requiredString(String field, String hint) {
      return optionalString(field)
          .orElseThrow(
              () ->
                  new InvalidConfigException(
                      "Cannot find " + key + "." + field + " (" + origin + "): " + hint));
    }

    List<String> stringList(String field, String hint) {
      if (!config.hasPath(field)) {
        throw new InvalidConfigException(
            "Cannot find " + key + "." + field + " (" + origin + "): " + hint);
      }
      List<String> list;
      try {
        list = config.getStringList(field);
      } catch (ConfigException.WrongType ex) {
        throw wrongType(field, "a list of strings, e.g. [a, b]");
      }
      if (list.isEmpty()) {
        throw bad(field, "[]", hint);
      }
      return List.copyOf(list);
    }

    List<String> columns(StructType schema) {
      List<String> columns = stringList("columns", "list the columns to check, e.g. [customer_id]");
      for (String column : columns) {
        if (!List.of(schema.fieldNames()).contains(column)) {
          throw bad(
              "columns",
              columns.toString(),
              "column '"
                  + column
                  + "' is not in pipeline.source.schema; columns are "
                  + String.join(", ", schema.fieldNames()));
        }
      }
      if (new HashSet<>(columns).size() != columns.size()) {
        throw bad("columns", columns.toString(), "a column is repeated");
      }
      return columns;
    }

    OptionalLong optionalCount(String field) {
      if (!config.hasPath(field)) {
        return OptionalLong.empty();
      }
      long value;
      try {
        value = config.getLong(field);
      } catch (ConfigException.WrongType | ConfigException.BadValue ex) {
        throw wrongType(field, "a whole number >= 0");
      }
      if (value < 0) {
        throw bad(field, String.valueOf(value), "allowed is a whole number >= 0");
      }
      return OptionalLong.of(value);
    }

    OptionalDouble optionalPercent(String field) {
      if (!config.hasPath(field)) {
        return OptionalDouble.empty();
      }
      double value;
      try {
        value = config.getDouble(field);
      } catch (ConfigException.WrongType | ConfigException.BadValue ex) {
        throw wrongType(field, "a percentage >= 0, e.g. 25");
      }
      if (value < 0 || Double.isNaN(value)) {
        throw bad(field, String.valueOf(value), "allowed is a percentage >= 0, e.g. 25");
      }
      return OptionalDouble.of(value);
    }

    Duration duration(String field) {
      if (!config.hasPath(field)) {
        throw new InvalidConfigException(
            "Cannot find "
                + key
                + "."
                + field
                + " ("
                + origin
                + "): how old the newest event may be, e.g. 36h or 2d");
      }
      try {
        Duration d = config.getDuration(field);
        if (d.isNegative() || d.isZero()) {
          throw bad(field, d.toString(), "allowed is a positive duration such as 36h or 2d");
        }
        return d;
      } catch (ConfigException.WrongType | ConfigException.BadValue ex) {
        throw wrongType(field, "a duration such as 36h or 2d");
      }
    }
  }
}

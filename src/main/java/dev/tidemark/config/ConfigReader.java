package dev.tidemark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed reads from a merged configuration, turning every problem into one {@link
 * InvalidConfigException} that names the file and line, the key path, the value and what is
 * allowed.
 */
final class ConfigReader {
  private final Config config;
  private final String fallbackOrigin;

  /**
   * @param fallbackOrigin where to tell the user to add a key that no layer sets (usually the
   *     pipeline file)
   */
  ConfigReader(Config config, String fallbackOrigin) {
    this.config = config;
    this.fallbackOrigin = fallbackOrigin;
  }

  /** The file and line a value came from, as Typesafe Config recorded it. */
  String where(String path) {
    if (!config.hasPathOrNull(path)) {
      return fallbackOrigin;
    }
    return config.getValue(path).origin().description();
  }

  String requiredString(String path, String hint) {
    if (!config.hasPath(path)) {
      throw missing(path, hint);
    }
    String value = string(path);
    if (value.isBlank()) {
      throw new InvalidConfigException(
          "Cannot use an empty value for " + path + " (" + where(path) + "): " + hint);
    }
    return value;
  }

  String string(String path) {
    ConfigValue value = value(path);
    if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
      throw wrongType(path, value, "a string");
    }
    return config.getString(path);
  }

  Optional<String> optionalString(String path) {
    if (!config.hasPath(path)) {
      return Optional.empty();
    }
    String value = string(path).trim();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  int integer(String path, int min, int max) {
    ConfigValue value = value(path);
    int result;
    try {
      result = config.getInt(path);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrongType(path, value, "a whole number from " + min + " to " + max);
    }
    if (result < min || result > max) {
      throw new InvalidConfigException(
          "Cannot use "
              + path
              + " = "
              + result
              + " ("
              + where(path)
              + "): allowed is a whole number from "
              + min
              + " to "
              + max);
    }
    return result;
  }

  long nonNegativeLong(String path) {
    ConfigValue value = value(path);
    long result;
    try {
      result = config.getLong(path);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrongType(path, value, "a whole number >= 0");
    }
    if (result < 0) {
      throw new InvalidConfigException(
          "Cannot use " + path + " = " + result + " (" + where(path) + "): allowed is >= 0");
    }
    return result;
  }

  double nonNegativeDouble(String path) {
    ConfigValue value = value(path);
    double result;
    try {
      result = config.getDouble(path);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrongType(path, value, "a number >= 0, e.g. 2.5");
    }
    if (result < 0 || Double.isNaN(result)) {
      throw new InvalidConfigException(
          "Cannot use " + path + " = " + result + " (" + where(path) + "): allowed is >= 0");
    }
    return result;
  }

  /** A share of a whole, from 0 to 1 (0.05 is 5%). */
  double share(String path) {
    ConfigValue value = value(path);
    double result;
    try {
      result = config.getDouble(path);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrongType(path, value, "a share from 0 to 1, e.g. 0.05 for 5%");
    }
    if (result < 0 || result > 1 || Double.isNaN(result)) {
      throw new InvalidConfigException(
          "Cannot use "
              + path
              + " = "
              + result
              + " ("
              + where(path)
              + "): allowed is a share from 0 to 1, e.g. 0.05 for 5%");
    }
    return result;
  }

  boolean bool(String path) {
    ConfigValue value = value(path);
    try {
      return config.getBoolean(path);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrongType(path, value, "true or false");
    }
  }

  /** A size in bytes, written as Typesafe Config reads sizes: 10g, 512m, 1073741824; at least 1. */
  long bytes(String path) {
    ConfigValue value = value(path);
    long result;
    try {
      result = config.getBytes(path);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrongType(path, value, "a size such as 10g, 512m or 1073741824 (bytes)");
    }
    if (result < 1) {
      throw new InvalidConfigException(
          "Cannot use " + path + " = " + result + " (" + where(path) + "): allowed is >= 1");
    }
    return result;
  }

  Duration duration(String path) {
    ConfigValue value = value(path);
    try {
      return config.getDuration(path);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrongType(path, value, "a duration such as 30s, 10m or 6h");
    }
  }

  Optional<LocalDate> optionalDate(String path) {
    Optional<String> text = optionalString(path);
    try {
      return text.map(LocalDate::parse);
    } catch (DateTimeParseException e) {
      throw new InvalidConfigException(
          "Cannot use "
              + path
              + " = \""
              + text.orElseThrow()
              + "\" ("
              + where(path)
              + "): allowed is a date YYYY-MM-DD, e.g. 2026-01-31");
    }
  }

  List<String> requiredStringList(String path, String hint) {
    if (!config.hasPath(path)) {
      throw missing(path, hint);
    }
    List<String> list = stringList(path);
    if (list.isEmpty()) {
      throw new InvalidConfigException(
          "Cannot use an empty list for " + path + " (" + where(path) + "): " + hint);
    }
    return list;
  }

  List<String> stringList(String path) {
    ConfigValue value = value(path);
    if (value.valueType() != ConfigValueType.LIST) {
      throw wrongType(path, value, "a list of strings, e.g. [a, b]");
    }
    try {
      return List.copyOf(config.getStringList(path));
    } catch (ConfigException.WrongType e) {
      throw wrongType(path, value, "a list of strings, e.g. [a, b]");
    }
  }

  /** A list value, for lists of objects (quality checks) that a caller reads one by one. */
  com.typesafe.config.ConfigList list(String path) {
    ConfigValue value = value(path);
    if (value.valueType() != ConfigValueType.LIST) {
      throw wrongType(path, value, "a list, e.g. [ { ... }, { ... } ]");
    }
    return config.getList(path);
  }

  /** A free-form object of string values, such as Spark reader options. */
  Map<String, String> stringMap(String path) {
    if (!config.hasPath(path)) {
      return Map.of();
    }
    ConfigValue value = value(path);
    if (value.valueType() != ConfigValueType.OBJECT) {
      throw wrongType(path, value, "an object of settings, e.g. { header = \"true\" }");
    }
    Map<String, String> result = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry : config.getObject(path).entrySet()) {
      ConfigValue v = entry.getValue();
      if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
        throw wrongType(path + "." + entry.getKey(), v, "a string, number or boolean");
      }
      result.put(entry.getKey(), String.valueOf(v.unwrapped()));
    }
    return result;
  }

  private ConfigValue value(String path) {
    if (!config.hasPathOrNull(path)) {
      throw missing(path, "see reference.conf for what it takes");
    }
    return config.getValue(path);
  }

  private InvalidConfigException missing(String path, String hint) {
    return new InvalidConfigException(
        "Cannot find required key " + path + " in " + fallbackOrigin + ": " + hint);
  }

  private InvalidConfigException wrongType(String path, ConfigValue value, String allowed) {
    return new InvalidConfigException(
        "Cannot use "
            + path
            + " = "
            + Secrets.shown(path, value.render(com.typesafe.config.ConfigRenderOptions.concise()))
            + " ("
            + value.origin().description()
            + "): allowed is "
            + allowed);
  }
}

package dev.tidemark.config;

import dev.tidemark.spark.internal.SqlColumns;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.types.StructType;

/**
 * Checks a configured SQL expression without a Spark session: it must parse, and the columns it
 * names must be in the schema. Types (is it a boolean?) need the analyzer, which the audit stage
 * runs before the run starts.
 */
final class SqlExpressions {
  private SqlExpressions() {}

  /**
   * @param where the key and file position, for the message
   */
  static void requireValid(String sql, StructType schema, String where) {
    List<String> columns;
    try {
      columns = SqlColumns.of(sql);
    } catch (Exception e) { // ParseException: undeclared in Java's eyes
      throw new InvalidConfigException(
          "Cannot parse \""
              + sql
              + "\" at "
              + where
              + " as a SQL expression: "
              + firstLine(e.getMessage())
              + "; allowed is a SQL boolean over the schema's columns, e.g. \"amount >= 0\"");
    }
    Set<String> known = new TreeSet<>();
    for (String name : schema.fieldNames()) {
      known.add(name.toLowerCase(Locale.ROOT));
    }
    for (String column : columns) {
      if (!known.contains(column.toLowerCase(Locale.ROOT))) {
        throw new InvalidConfigException(
            "Cannot use column '"
                + column
                + "' in \""
                + sql
                + "\" at "
                + where
                + ": it is not in pipeline.source.schema; columns are "
                + String.join(", ", schema.fieldNames()));
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String trimmed = message.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}

package dev.tidemark.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

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
    Expression parsed;
    try {
      parsed = CatalystSqlParser$.MODULE$.parseExpression(sql);
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
    for (String column : columns(parsed)) {
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

  /** The first name part of every column the expression names, outside lambda functions. */
  private static List<String> columns(Expression expression) {
    List<String> names = new ArrayList<>();
    collect(expression, names);
    return names;
  }

  private static void collect(Expression e, List<String> names) {
    if (e instanceof UnresolvedAttribute attribute) {
      names.add(CollectionConverters.asJava(attribute.nameParts()).get(0));
      return;
    }
    if (e instanceof LambdaFunction) {
      return; // its variables look like columns until the analyzer binds them
    }
    for (Expression child : CollectionConverters.asJava(e.children())) {
      collect(child, names);
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

package dev.tidemark.spark.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.jdk.javaapi.CollectionConverters;

/** The columns a SQL expression names, from Spark's parser alone: no session, no analyzer. */
public final class SqlColumns {
  private SqlColumns() {}

  /**
   * The first name part of every column the expression names, outside lambda functions.
   *
   * @throws RuntimeException Spark's ParseException when {@code sql} is not an expression
   */
  public static List<String> of(String sql) {
    Expression parsed = CatalystSqlParser$.MODULE$.parseExpression(sql);
    List<String> names = new ArrayList<>();
    collect(parsed, names);
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
}

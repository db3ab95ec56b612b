package dev.tidemark.transform;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Column references built from configured names. Names are quoted with backticks so a configured
 * name can never become SQL text, whatever characters it holds.
 */
public final class Columns {
  /** Tidemark's own columns in staging and target tables, all named with this prefix. */
  public static final String RESERVED_PREFIX = "_tm_";

  public static final String ROW_HASH = "_tm_row_hash";

  public static final String LANDING_DATE = "_tm_landing_date";
  public static final String SOURCE_FILE = "_tm_source_file";
  public static final String RUN_ID = "_tm_run_id";
  public static final String REJECT_REASON = "_tm_reject_reason";
  public static final String RAW = "_tm_raw";

  private Columns() {}

  public static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  public static Column col(String name) {
    return functions.col(quote(name));
  }

  /** A column of an aliased Dataset, e.g. {@code col("t", "order_id")}. */
  public static Column col(String alias, String name) {
    return functions.col(quote(alias) + "." + quote(name));
  }

  public static Column[] cols(List<String> names) {
    return names.stream().map(Columns::col).toArray(Column[]::new);
  }

  /** Conjunction of key equality between two aliased sides. Keys are never NULL after extract. */
  public static Column keysEqual(String left, String right, List<String> keys) {
    Column condition = functions.lit(true);
    for (String key : keys) {
      condition = condition.and(col(left, key).equalTo(col(right, key)));
    }
    return condition;
  }

  /**
   * The number of rows where {@code condition} holds, as an aggregate: 0, not NULL, over no rows or
   * when the condition is never true (a plain {@code sum} of nothing is NULL).
   */
  public static Column countWhere(Column condition) {
    return functions.coalesce(
        functions.sum(functions.when(condition, 1L).otherwise(0L)), functions.lit(0L));
  }
}

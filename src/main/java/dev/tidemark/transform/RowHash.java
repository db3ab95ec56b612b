package dev.tidemark.transform;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A 64-bit hash of a row's business columns: the last tie-breaker between versions with equal
 * sequence, and how unchanged rows are recognised before the MERGE.
 *
 * <p>It hashes a canonical JSON text of the row: columns sorted by name, times in UTC with
 * microseconds, NULL fields left out. So the hash does not depend on column order, the session's
 * time zone, or NULL positions (hashing the values directly would make (NULL, 'a') and ('a', NULL)
 * collide), and adding a column that is NULL for old rows leaves their hashes unchanged.
 */
public final class RowHash {
  private static final Map<String, String> CANONICAL_JSON =
      Map.of(
          "timeZone", "UTC",
          "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
          "timestampNTZFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS",
          "dateFormat", "yyyy-MM-dd",
          "ignoreNullFields", "true");

  private RowHash() {}

  public static Column of(List<String> columns) {
    Column[] sorted = columns.stream().sorted().map(Columns::col).toArray(Column[]::new);
    return functions.xxhash64(functions.to_json(functions.struct(sorted), CANONICAL_JSON));
  }

  public static Dataset<Row> add(Dataset<Row> rows, List<String> columns) {
    return rows.withColumn(Columns.ROW_HASH, of(columns));
  }
}

package dev.tidemark.reconcile;

import dev.tidemark.transform.Columns;
import dev.tidemark.transform.Dedup;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** Join conditions on the pipeline's keys between two aliased sides. */
final class KeyJoins {
  private KeyJoins() {}

  /** Key equality of two aliased sides that carry {@link Dedup#KEY_HASH}; no key is NULL. */
  static Column hashAndKeysMatch(String left, String right, List<String> keys) {
    return Columns.col(left, Dedup.KEY_HASH)
        .equalTo(Columns.col(right, Dedup.KEY_HASH))
        .and(keysMatch(left, right, keys, true));
  }

  /** Key equality of two aliased sides; NULL-safe unless no key can be NULL. */
  static Column keysMatch(String left, String right, List<String> keys, boolean noNulls) {
    Column match = functions.lit(true);
    for (String key : keys) {
      Column l = Columns.col(left, key);
      Column r = Columns.col(right, key);
      match = match.and(noNulls ? l.equalTo(r) : l.eqNullSafe(r));
    }
    return match;
  }
}

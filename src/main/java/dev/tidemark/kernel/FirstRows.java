package dev.tidemark.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;

/**
 * The first {@code limit} rows in an order, kept while a scan passes every row: what an {@code
 * ORDER BY ... LIMIT} returns, without holding the table.
 */
public final class FirstRows implements Consumer<Row> {
  private final Comparator<Row> order;
  private final int limit;
  private final PriorityQueue<Row> kept;

  public FirstRows(Comparator<Row> order, int limit) {
    this.order = order;
    this.limit = limit;
    this.kept = new PriorityQueue<>(order.reversed()); // the last kept row on top, dropped first
  }

  @Override
  public void accept(Row row) {
    kept.add(row);
    if (kept.size() > limit) {
      kept.poll();
    }
  }

  /** The rows kept, in the order. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>(kept);
    rows.sort(order);
    return rows;
  }
}

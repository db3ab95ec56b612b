package dev.tidemark.testing;

import dev.tidemark.transform.Columns;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Reads tables the way tests compare them: business columns, as sorted text rows. */
public final class Tables {
  public static final List<String> ORDER_COLUMNS =
      List.of(
          "order_id",
          "customer_id",
          "order_date",
          "status",
          "amount",
          "currency",
          "updated_at",
          "version");

  private Tables() {}

  public static Dataset<Row> delta(String path) {
    return TestSpark.session().read().format("delta").load(path);
  }

  /** Every row's business columns as one text line, sorted: equal lists mean equal tables. */
  public static List<String> contents(Dataset<Row> rows) {
    Column[] columns = ORDER_COLUMNS.stream().map(Columns::col).toArray(Column[]::new);
    return rows
        .select(functions.concat_ws("|", columns).as("line"))
        .orderBy("line")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  public static List<String> target(String path) {
    return contents(delta(path));
  }

  /** The golden source's state as of a landing date (validity from inclusive, to exclusive). */
  public static List<String> goldenAsOf(java.nio.file.Path golden, LocalDate asOf) {
    SparkSession spark = TestSpark.session();
    StructType schema =
        StructType.fromDDL(Workspace.ORDERS_SCHEMA)
            .add("valid_from", DataTypes.DateType)
            .add("valid_to", DataTypes.DateType);
    Column day = functions.lit(Date.valueOf(asOf));
    return contents(
        spark
            .read()
            .schema(schema)
            .json(golden.toString())
            .where(
                functions
                    .col("valid_from")
                    .leq(day)
                    .and(
                        functions.col("valid_to").isNull().or(functions.col("valid_to").gt(day)))));
  }

  /** Rows minus distinct keys: 0 when every key is there once. */
  public static long duplicateKeys(String path) {
    Dataset<Row> rows = delta(path);
    return rows.count() - rows.select("order_id").distinct().count();
  }

  public static long version(String path) {
    return io.delta.tables.DeltaTable.forPath(TestSpark.session(), path)
        .history(1)
        .first()
        .getLong(0);
  }
}

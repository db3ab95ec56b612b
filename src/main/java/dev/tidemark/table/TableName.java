package dev.tidemark.table;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Delta table known to a catalog by name: {@code catalog.schema.table} or {@code schema.table}.
 *
 * <p>On Databricks (Unity Catalog) and on a cluster with a Hive metastore the catalog remembers the
 * name and where the table is. Locally Spark's session catalog lives in memory and forgets
 * everything when the process ends, so a {@code spark_catalog} name gets a fixed folder under the
 * warehouse ({@code <warehouse>/catalog/<schema>.db/<table>}): Tidemark creates the table there,
 * and a later process attaches the name to that folder again the first time it uses it. Names so
 * survive from one process to the next with no metastore, and any number of processes can use them
 * at once.
 *
 * @param parts the name's parts as configured (two or three)
 * @param localLocation where the table lives when the session catalog is Spark's in-memory one;
 *     empty for a name in another catalog (a catalog plugin the user configured)
 */
public record TableName(List<String> parts, Optional<String> localLocation) implements TableRef {
  private static final Pattern PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Spark's name for its built-in session catalog. */
  public static final String SESSION_CATALOG = "spark_catalog";

  public TableName {
    parts = List.copyOf(parts);
  }

  /**
   * Splits and checks a configured name; throws {@link IllegalArgumentException} saying what is
   * wrong. Parts are letters, digits and '_' (not starting with a digit): the names every catalog
   * (Unity Catalog, Hive, Spark's) accepts unquoted.
   */
  public static List<String> parse(String text, int minParts, int maxParts) {
    List<String> parts = List.of(text.trim().split("\\.", -1));
    if (parts.size() < minParts || parts.size() > maxParts) {
      throw new IllegalArgumentException(
          "it has " + parts.size() + (parts.size() == 1 ? " part" : " parts"));
    }
    for (String part : parts) {
      if (!PART.matcher(part).matches()) {
        throw new IllegalArgumentException(
            "'"
                + part
                + "' is not a plain identifier (letters, digits and '_', not a digit first)");
      }
    }
    return parts;
  }

  /**
   * A table name; {@code warehouse} gives its folder for a {@code spark_catalog} (or two-part)
   * name, used when the session catalog is in memory.
   */
  public static TableName of(List<String> parts, String warehouse) {
    boolean sessionCatalog = parts.size() == 2 || parts.get(0).equalsIgnoreCase(SESSION_CATALOG);
    Optional<String> local =
        sessionCatalog
            ? Optional.of(
                schemaFolder(warehouse, parts.get(parts.size() - 2))
                    + "/"
                    + parts.get(parts.size() - 1).toLowerCase(Locale.ROOT))
            : Optional.empty();
    return new TableName(parts, local);
  }

  /** Where a schema's tables live locally: {@code <warehouse>/catalog/<schema>.db}. */
  public static String schemaFolder(String warehouse, String schema) {
    return warehouse + "/catalog/" + schema.toLowerCase(Locale.ROOT) + ".db";
  }

  /** The schema part, with its catalog when the name has one. */
  public List<String> schema() {
    return parts.subList(0, parts.size() - 1);
  }

  @Override
  public Dataset<Row> read(SparkSession spark) {
    attach(spark);
    return spark.read().table(sql());
  }

  @Override
  public Dataset<Row> readVersion(SparkSession spark, long version) {
    attach(spark);
    return spark.sql("SELECT * FROM " + sql() + " VERSION AS OF " + version);
  }

  @Override
  public DeltaTable delta(SparkSession spark) {
    attach(spark);
    return DeltaTable.forName(spark, sql());
  }

  @Override
  public boolean exists(SparkSession spark) {
    attach(spark);
    return spark.catalog().tableExists(sql());
  }

  @Override
  public DeltaTableBuilder createIfNotExists(SparkSession spark) {
    attach(spark);
    createSchema(spark);
    // Delta's builder parses at most schema.table; the session catalog is the one it resolves
    // two parts in. Other catalogs pass whole (Databricks' Delta takes three parts).
    boolean sessionCatalog = parts.size() == 3 && parts.get(0).equalsIgnoreCase(SESSION_CATALOG);
    DeltaTableBuilder builder =
        DeltaTable.createIfNotExists(spark)
            .tableName(sessionCatalog ? TableRef.quote(parts.subList(1, 3)) : sql());
    return local(spark) ? builder.location(localLocation.orElseThrow()) : builder;
  }

  @Override
  public void overwrite(Dataset<Row> rows, String predicate) {
    attach(rows.sparkSession());
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", predicate)
        .saveAsTable(sql());
  }

  @Override
  public void append(Dataset<Row> rows) {
    attach(rows.sparkSession());
    rows.write().format("delta").mode("append").saveAsTable(sql());
  }

  @Override
  public String sql() {
    return TableRef.quote(parts);
  }

  @Override
  public Optional<String> path() {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return String.join(".", parts);
  }

  /**
   * Creates the table's schema when missing. Locally it gets its folder under the warehouse; in a
   * real catalog the catalog decides (Unity Catalog needs the CREATE SCHEMA privilege for this, or
   * the schema created beforehand).
   */
  private void createSchema(SparkSession spark) {
    String schema = TableRef.quote(schema());
    if (local(spark)) {
      String folder = localLocation.orElseThrow();
      folder = folder.substring(0, folder.lastIndexOf('/'));
      spark.sql("CREATE SCHEMA IF NOT EXISTS " + schema + " LOCATION '" + literal(folder) + "'");
    } else {
      spark.sql("CREATE SCHEMA IF NOT EXISTS " + schema);
    }
  }

  /**
   * Locally, gives the name back to a table an earlier process created under the warehouse: the
   * in-memory catalog starts empty in every process. Elsewhere the catalog remembers.
   */
  private void attach(SparkSession spark) {
    if (!local(spark) || spark.catalog().tableExists(sql())) {
      return;
    }
    String location = localLocation.orElseThrow();
    // A committed version, not just a log folder: another process may be creating the table
    // right now, and attaching a name to an empty log would fail (no schema yet).
    if (!TableRef.hasDeltaLog(spark, location) || !DeltaTable.isDeltaTable(spark, location)) {
      return;
    }
    // Runs of one JVM may attach the same table at once; IF NOT EXISTS alone is not atomic.
    synchronized (TableName.class) {
      createSchema(spark);
      spark.sql(
          "CREATE TABLE IF NOT EXISTS "
              + sql()
              + " USING delta LOCATION '"
              + literal(location)
              + "'");
    }
  }

  /** True when this name lives in Spark's in-memory session catalog (local mode). */
  private boolean local(SparkSession spark) {
    return localLocation.isPresent()
        && spark.conf().get("spark.sql.catalogImplementation", "in-memory").equals("in-memory")
        && (parts.size() == 3 || spark.catalog().currentCatalog().equals(SESSION_CATALOG));
  }

  private static String literal(String text) {
    return text.replace("\\", "\\\\").replace("'", "\\'");
  }

  /** The configured text, for messages. */
  public static String display(List<String> parts) {
    return String.join(".", new ArrayList<>(parts));
  }
}

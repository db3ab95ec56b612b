package dev.tidemark.source;

import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.spark.SparkSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VariantType;

/**
 * JSON drift from the keys the files really hold: Spark's JSON reader drops keys the schema does
 * not name, so the declared schema alone can never show a new column.
 *
 * <p>Two passes, the second only when the first finds something. The first reads every line's
 * tokens once ({@link JsonKindScan}) for the top-level keys and, per key, the kinds of JSON value
 * found. When every key is declared and every kind fits its declared type, that is all. Otherwise a
 * second pass reads each line's top-level values as variants and collects, per file and key, the
 * JSON types found: it names the files, and tells a changed type (no value in the file has the
 * declared type) from a few bad values (some do; those rows go to quarantine as before).
 */
final class JsonKeys {
  private static final String MAP = "MAP<STRING, VARIANT>";

  private JsonKeys() {}

  /**
   * Drift in the files. {@code nameFiles}: find which files hold each undeclared key (needed for a
   * failure message, not when such keys are only ignored).
   */
  static List<FileDrift> drift(
      SparkSession spark, SourceConfig source, List<SourceFile> files, boolean nameFiles) {
    String[] paths = files.stream().map(SourceFile::path).toArray(String[]::new);
    StructType declared = source.schema();
    Map<String, List<String>> found = kinds(spark, source, paths);
    Set<String> undeclared = new TreeSet<>();
    Set<String> suspect = new TreeSet<>();
    found.forEach(
        (key, kinds) -> {
          List<String> values = kinds.stream().filter(k -> !k.equals("null")).toList();
          Optional<StructField> column = DeclaredColumns.exact(declared, key);
          if (column.isEmpty()) {
            // A key that is NULL everywhere holds nothing.
            if (!values.isEmpty()) {
              undeclared.add(key);
            }
          } else if (values.stream().anyMatch(k -> !fits(column.get().dataType(), k))) {
            suspect.add(key);
          }
        });
    List<FileDrift> drift = new ArrayList<>();
    if (suspect.isEmpty() && (undeclared.isEmpty() || !nameFiles)) {
      undeclared.forEach(c -> drift.add(new FileDrift.Undeclared(c, valueKinds(found.get(c)), "")));
      return drift;
    }
    Set<String> wanted = new TreeSet<>(undeclared);
    wanted.addAll(suspect);
    for (Row row : typesPerFile(spark, source, paths, wanted)) {
      String file = row.getString(0);
      String key = row.getString(1);
      Set<String> kinds = new TreeSet<>();
      row.<String>getList(2).forEach(t -> kinds.add(variantKind(t)));
      kinds.remove("null");
      if (undeclared.contains(key)) {
        drift.add(new FileDrift.Undeclared(key, String.join(" or ", kinds), file));
        continue;
      }
      DataType type = declared.apply(key).dataType();
      if (!kinds.isEmpty() && kinds.stream().noneMatch(k -> fits(type, k))) {
        drift.add(
            new FileDrift.ChangedType(key, type.catalogString(), String.join(" or ", kinds), file));
      }
    }
    // The first pass saw these keys; a record the second cannot place still must not let them by.
    undeclared.stream()
        .filter(key -> drift.stream().noneMatch(d -> d.column().equals(key)))
        .forEach(key -> drift.add(new FileDrift.Undeclared(key, valueKinds(found.get(key)), "")));
    return drift;
  }

  /** The kinds of a key's values other than NULL, as a message names them. */
  private static String valueKinds(List<String> kinds) {
    return String.join(" or ", kinds.stream().filter(k -> !k.equals("null")).toList());
  }

  /**
   * Per top-level key, the kinds of JSON value it holds in the files. Files in another encoding
   * than UTF-8 are left to Spark's schema inference, which reads them as the JSON reader does.
   */
  private static Map<String, List<String>> kinds(
      SparkSession spark, SourceConfig source, String[] paths) {
    boolean utf8 =
        ReaderOptions.get(source.options(), "encoding")
            .or(() -> ReaderOptions.get(source.options(), "charset"))
            .map(e -> e.replace("-", "").trim().equalsIgnoreCase("utf8"))
            .orElse(true);
    if (utf8) {
      return JsonKindScan.kinds(text(spark, source, paths), source);
    }
    Map<String, List<String>> kinds = new TreeMap<>();
    for (StructField field : infer(spark, source, paths).fields()) {
      kinds.put(field.name(), List.of(kind(field.dataType())));
    }
    return kinds;
  }

  private static StructType infer(SparkSession spark, SourceConfig source, String[] paths) {
    // Case-sensitive, as the JSON reader matches keys: "ID" next to "id" is two columns, not a
    // duplicate that stops the inference.
    SparkSession session = SparkSessions.childOf(spark);
    session.conf().set("spark.sql.caseSensitive", "true");
    return session
        .read()
        .format("json")
        .options(source.options())
        // Malformed lines are quarantine's business; keys that are NULL everywhere hold nothing.
        .option("mode", "DROPMALFORMED")
        .option("samplingRatio", "1.0")
        .option("primitivesAsString", "false")
        .option("prefersDecimal", "false")
        .option("dropFieldIfAllNull", "true")
        .load(paths)
        .schema();
  }

  /** The files as text: a record per line, or per file under {@code multiLine}. */
  private static Dataset<Row> text(SparkSession spark, SourceConfig source, String[] paths) {
    boolean multiLine = ReaderOptions.isTrue(source.options(), "multiLine");
    return spark
        .read()
        .format("text")
        .option("wholetext", Boolean.toString(multiLine))
        .options(
            ReaderOptions.get(source.options(), "lineSep")
                .map(sep -> Map.of("lineSep", sep))
                .orElse(Map.of()))
        .load(paths);
  }

  /** Rows of (file, key, variant type names) for the wanted keys; small: files x keys. */
  private static List<Row> typesPerFile(
      SparkSession spark, SourceConfig source, String[] paths, Set<String> wanted) {
    Dataset<Row> text =
        text(spark, source, paths)
            .select(functions.col("value"), functions.col("_metadata.file_path").as("file"));
    // A record is one object or an array of them (a whole file under multiLine, or one line),
    // parsed with the reader's own options (single quotes, comments and the like).
    Column value = functions.col("value");
    Column objects =
        functions.coalesce(
            functions.from_json(value, DataType.fromDDL("ARRAY<" + MAP + ">"), source.options()),
            functions.array(functions.from_json(value, DataType.fromDDL(MAP), source.options())));
    return text.select(functions.col("file"), functions.explode(objects).as("object"))
        .selectExpr("file", "explode(object) AS (key, value)")
        .where(functions.col("key").isin(wanted.toArray()))
        .selectExpr("file", "key", "schema_of_variant(value) AS type")
        .groupBy("file", "key")
        .agg(functions.collect_set("type"))
        .orderBy("file", "key")
        .collectAsList();
  }

  /** A JSON value's type in JSON's own words, from the type Spark's inference gave it. */
  private static String kind(DataType inferred) {
    if (inferred instanceof LongType || inferred instanceof IntegerType) {
      return "integer";
    }
    if (inferred instanceof DoubleType
        || inferred instanceof DecimalType
        || inferred instanceof FloatType) {
      return "number";
    }
    if (inferred instanceof StringType) {
      return "string";
    }
    if (inferred instanceof BooleanType) {
      return "boolean";
    }
    if (inferred instanceof StructType || inferred instanceof MapType) {
      return "object";
    }
    if (inferred instanceof ArrayType) {
      return "array";
    }
    if (inferred instanceof NullType) {
      return "null";
    }
    return "unknown";
  }

  /** The same words from a variant's type name (schema_of_variant). */
  private static String variantKind(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    if (t.equals("VOID")) {
      return "null";
    }
    if (t.equals("BIGINT") || t.equals("INT") || t.equals("SMALLINT") || t.equals("TINYINT")) {
      return "integer";
    }
    if (t.startsWith("DECIMAL") || t.equals("DOUBLE") || t.equals("FLOAT")) {
      return "number";
    }
    if (t.equals("STRING")) {
      return "string";
    }
    if (t.equals("BOOLEAN")) {
      return "boolean";
    }
    if (t.startsWith("OBJECT")) {
      return "object";
    }
    if (t.startsWith("ARRAY")) {
      return "array";
    }
    return "unknown";
  }

  /**
   * Whether JSON values of this kind are values of the declared type, as Spark's JSON reader reads
   * them: numbers for numeric columns (integers only for integer columns), text for strings, dates
   * and binary, text or epoch seconds for timestamps.
   */
  static boolean fits(DataType declared, String kind) {
    if (kind.equals("null") || kind.equals("unknown") || declared instanceof VariantType) {
      return true;
    }
    if (declared instanceof StringType
        || declared instanceof DateType
        || declared instanceof BinaryType) {
      return kind.equals("string");
    }
    if (declared instanceof ByteType
        || declared instanceof ShortType
        || declared instanceof IntegerType
        || declared instanceof LongType) {
      return kind.equals("integer");
    }
    if (declared instanceof FloatType
        || declared instanceof DoubleType
        || declared instanceof DecimalType) {
      return kind.equals("integer") || kind.equals("number");
    }
    if (declared instanceof TimestampType || declared instanceof TimestampNTZType) {
      return kind.equals("string") || kind.equals("integer");
    }
    if (declared instanceof BooleanType) {
      return kind.equals("boolean");
    }
    if (declared instanceof StructType || declared instanceof MapType) {
      return kind.equals("object");
    }
    if (declared instanceof ArrayType) {
      return kind.equals("array");
    }
    return true;
  }
}

package dev.tidemark.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

/**
 * JSON objects that hold a field twice ({"id":1,"id":2}). Spark's JSON reader keeps one of the
 * values without a word, and which one is not something a user can rely on, so such a record goes
 * to quarantine naming the field. Only top-level fields count: they are the columns.
 */
final class JsonDuplicateKeys {
  private JsonDuplicateKeys() {}

  /**
   * The files among {@code files} holding a record with a repeated field, each with the first such
   * field: one pass of Jackson's tokenizer over every record. Files in another encoding than UTF-8
   * are not checked (the text reader reads UTF-8 only).
   */
  static Map<String, String> files(
      SparkSession spark, SourceConfig source, List<SourceFile> files) {
    boolean utf8 =
        ReaderOptions.get(source.options(), "encoding")
            .or(() -> ReaderOptions.get(source.options(), "charset"))
            .map(e -> e.replace("-", "").trim().equalsIgnoreCase("utf8"))
            .orElse(true);
    Map<String, String> found = new TreeMap<>();
    if (!utf8) {
      return found;
    }
    // Bytes straight to Jackson, as JsonKindScan reads them: no decoding of every line to a String.
    List<Tuple2<String, String>> rows =
        spark
            .read()
            .format("text")
            .option("wholetext", Boolean.toString(multiLine(source)))
            .options(lineSep(source))
            .load(files.stream().map(SourceFile::path).toArray(String[]::new))
            .select(functions.col("value").cast("binary"), functions.col("_metadata.file_path"))
            .mapPartitions(
                new Scan(new HashMap<>(source.options())),
                Encoders.tuple(Encoders.STRING(), Encoders.STRING()))
            .collectAsList();
    // Keyed by the planned file's own path: Spark may spell a path otherwise (file:/ or file:///).
    Map<String, String> planned = new HashMap<>();
    files.forEach(f -> planned.put(samePath(f.path()), f.path()));
    rows.forEach(t -> found.putIfAbsent(planned.getOrDefault(samePath(t._1()), t._1()), t._2()));
    return found;
  }

  /** A path in one spelling: scheme, authority (empty for none) and path. */
  private static String samePath(String path) {
    java.net.URI uri = new org.apache.hadoop.fs.Path(path).toUri();
    return uri.getScheme()
        + "://"
        + (uri.getAuthority() == null ? "" : uri.getAuthority())
        + uri.getPath();
  }

  /** One partition's records to (file, first repeated field): one pair per file that has one. */
  private static final class Scan implements MapPartitionsFunction<Row, Tuple2<String, String>> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, String> options;

    Scan(HashMap<String, String> options) {
      this.options = options;
    }

    @Override
    public Iterator<Tuple2<String, String>> call(Iterator<Row> records) {
      JsonFactory factory = JsonKindScan.factory(options);
      Map<String, String> found = new HashMap<>();
      while (records.hasNext()) {
        Row record = records.next();
        String file = record.getString(1);
        if (!found.containsKey(file)) {
          String repeated = firstRepeated(factory, (byte[]) record.get(0));
          if (repeated != null) {
            found.put(file, repeated);
          }
        }
      }
      List<Tuple2<String, String>> out = new ArrayList<>();
      found.forEach((file, key) -> out.add(new Tuple2<>(file, key)));
      return out.iterator();
    }
  }

  static boolean multiLine(SourceConfig source) {
    return ReaderOptions.isTrue(source.options(), "multiLine");
  }

  static Map<String, String> lineSep(SourceConfig source) {
    return ReaderOptions.get(source.options(), "lineSep")
        .map(sep -> Map.of("lineSep", sep))
        .orElse(Map.of());
  }

  /** The first field a record of {@code text} repeats, else NULL (also for text not JSON). */
  static Column of(SourceConfig source, Column text) {
    return functions
        .udf(new FirstRepeated(new HashMap<>(source.options())), DataTypes.StringType)
        .withName("tidemark_repeated_json_field")
        .apply(text);
  }

  /** The test behind {@link #of}, on one record: an object, or an array of objects. */
  static String firstRepeated(JsonFactory factory, String record) {
    return record == null ? null : firstRepeated(factory, record.getBytes(StandardCharsets.UTF_8));
  }

  private static String firstRepeated(JsonFactory factory, byte[] record) {
    if (record == null) {
      return null;
    }
    try (JsonParser parser = factory.createParser(record)) {
      JsonToken top = parser.nextToken();
      String repeated = null;
      if (top == JsonToken.START_OBJECT) {
        repeated = repeatedIn(parser);
      } else if (top == JsonToken.START_ARRAY) {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          String found = repeatedIn(parser);
          repeated = repeated == null ? found : repeated;
        }
      }
      // Only a record that parses whole: a line cut short has its own reason.
      while (parser.nextToken() != null) {
        // to the end
      }
      return repeated;
    } catch (IOException notJson) {
      return null; // malformed text goes to quarantine with its own reason
    }
  }

  /** From just after START_OBJECT to its END_OBJECT: the first key seen twice, else NULL. */
  private static String repeatedIn(JsonParser parser) throws IOException {
    Set<String> seen = new HashSet<>();
    String repeated = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      if (!seen.add(key) && repeated == null) {
        repeated = key;
      }
      JsonToken value = parser.nextToken();
      if (value == null) {
        throw new IOException("cut short");
      }
      if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        parser.skipChildren();
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw new IOException("not an object");
    }
    return repeated;
  }

  private static final class FirstRepeated implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, String> options;
    private transient JsonFactory factory;

    FirstRepeated(HashMap<String, String> options) {
      this.options = options;
    }

    @Override
    public String call(String record) {
      if (factory == null) {
        factory = JsonKindScan.factory(options);
      }
      return firstRepeated(factory, record);
    }
  }
}

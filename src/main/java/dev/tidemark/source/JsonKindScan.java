package dev.tidemark.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.tidemark.config.SourceConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * Per top-level JSON key, the kinds of value it holds anywhere in the files (string, integer,
 * number, boolean, object, array, null), from one pass of Jackson's tokenizer over every line.
 *
 * <p>What Spark's schema inference answered before, at a fraction of its cost: inference builds and
 * merges a schema per line, where this only reads tokens and skips nested values. Lines that are
 * not a JSON object (malformed, cut short, a bare value) count for nothing here, as inference under
 * {@code DROPMALFORMED} dropped them: they are quarantine's business. Keys match exactly (case
 * sensitive), as the JSON reader matches them.
 */
final class JsonKindScan {
  /** The kinds, in the words {@link JsonKeys} uses; bit i of a mask is KINDS[i]. */
  static final List<String> KINDS =
      List.of("null", "string", "integer", "number", "boolean", "object", "array");

  private JsonKindScan() {}

  /**
   * Key to kinds found, over every record of {@code text} (one column {@code value}: a line, or a
   * whole file under {@code multiLine}), whose top level is an object or an array of them.
   */
  static Map<String, List<String>> kinds(Dataset<Row> text, SourceConfig source) {
    Dataset<byte[]> records =
        text.select(functions.col("value").cast("binary")).as(Encoders.BINARY());
    List<Tuple2<String, Integer>> found =
        records
            .mapPartitions(
                new Scanner(new HashMap<>(source.options())),
                Encoders.tuple(Encoders.STRING(), Encoders.INT()))
            .collectAsList();
    Map<String, Integer> masks = new TreeMap<>();
    found.forEach(t -> masks.merge(t._1(), t._2(), (a, b) -> a | b));
    Map<String, List<String>> kinds = new TreeMap<>();
    masks.forEach((key, mask) -> kinds.put(key, names(mask)));
    return kinds;
  }

  private static List<String> names(int mask) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < KINDS.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        names.add(KINDS.get(i));
      }
    }
    return names;
  }

  /** One partition's records to (key, mask) pairs: few, one per key the partition holds. */
  private static final class Scanner
      implements MapPartitionsFunction<byte[], Tuple2<String, Integer>> {
    private static final long serialVersionUID = 1L;

    private final HashMap<String, String> options;

    Scanner(HashMap<String, String> options) {
      this.options = options;
    }

    @Override
    public Iterator<Tuple2<String, Integer>> call(Iterator<byte[]> records) throws IOException {
      JsonFactory factory = factory();
      // Jackson hands out one String instance per distinct key, so these lookups are cheap.
      Map<String, int[]> masks = new HashMap<>();
      Record record = new Record();
      while (records.hasNext()) {
        record.clear();
        try (JsonParser parser = factory.createParser(records.next())) {
          JsonToken top = parser.nextToken();
          if (top == JsonToken.START_OBJECT) {
            record.readObject(parser);
          } else if (top == JsonToken.START_ARRAY) {
            // An array of objects is a record each, in a line as in a whole file.
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              record.readObject(parser);
            }
          }
        } catch (IOException malformed) {
          continue;
        }
        // A record's keys count only once the whole record has parsed.
        for (int i = 0; i < record.size; i++) {
          masks.computeIfAbsent(record.keys[i], k -> new int[1])[0] |= record.kinds[i];
        }
      }
      List<Tuple2<String, Integer>> out = new ArrayList<>(masks.size());
      masks.forEach((key, mask) -> out.add(new Tuple2<>(key, mask[0])));
      return out.iterator();
    }

    /** The keys of one record and their kind bits, kept until the record has parsed whole. */
    private static final class Record {
      private String[] keys = new String[16];
      private int[] kinds = new int[16];
      private int size;

      void clear() {
        size = 0;
      }

      /** From just after START_OBJECT to its END_OBJECT. */
      void readObject(JsonParser parser) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          JsonToken value = parser.nextToken();
          add(key, 1 << kind(value));
          if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            parser.skipChildren();
          }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
          throw new IOException("not an object");
        }
      }

      private void add(String key, int kind) {
        if (size == keys.length) {
          keys = java.util.Arrays.copyOf(keys, size * 2);
          kinds = java.util.Arrays.copyOf(kinds, size * 2);
        }
        keys[size] = key;
        kinds[size++] = kind;
      }
    }

    private static int kind(JsonToken value) throws IOException {
      if (value == null) {
        throw new IOException("cut short");
      }
      return switch (value) {
        case VALUE_NULL -> 0;
        case VALUE_STRING -> 1;
        case VALUE_NUMBER_INT -> 2;
        case VALUE_NUMBER_FLOAT -> 3;
        case VALUE_TRUE, VALUE_FALSE -> 4;
        case START_OBJECT -> 5;
        case START_ARRAY -> 6;
        default -> throw new IOException("unexpected " + value);
      };
    }

    private JsonFactory factory() {
      return JsonKindScan.factory(options);
    }
  }

  /** Jackson set up as Spark's JSON reader sets it up from the same reader options. */
  static JsonFactory factory(Map<String, String> options) {
    return JsonFactory.builder()
        .configure(JsonReadFeature.ALLOW_JAVA_COMMENTS, option(options, "allowComments", false))
        .configure(
            JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
            option(options, "allowUnquotedFieldNames", false))
        .configure(JsonReadFeature.ALLOW_SINGLE_QUOTES, option(options, "allowSingleQuotes", true))
        .configure(
            JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS,
            option(options, "allowNumericLeadingZeros", false))
        .configure(
            JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
            option(options, "allowNonNumericNumbers", true))
        .configure(
            JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
            option(options, "allowBackslashEscapingAnyCharacter", false))
        .configure(
            JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
            option(options, "allowUnquotedControlChars", false))
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE)
                .maxNumberLength(Integer.MAX_VALUE)
                .build())
        .build();
  }

  private static boolean option(Map<String, String> options, String name, boolean otherwise) {
    return ReaderOptions.get(options, name)
        .map(v -> v.trim().equalsIgnoreCase("true"))
        .orElse(otherwise);
  }
}

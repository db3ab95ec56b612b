package dev.tidemark.kernel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A row as the JSON line Kernel's JSON handler parses into a batch to write: dates as {@code
 * yyyy-MM-dd}, timestamps as instants with their offset, structs as objects by field name. Takes
 * the values a control table's row mapper puts in a row, Java's or Scala's collections alike.
 */
final class KernelJson {
  private static final JsonFactory JSON = new JsonFactory();

  private KernelJson() {}

  static String line(Row row, StructType schema) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      struct(json, row, schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void struct(JsonGenerator json, Row row, StructType schema) throws IOException {
    json.writeStartObject();
    for (int i = 0; i < schema.fields().length; i++) {
      Object value = row.get(i);
      if (value != null) {
        json.writeFieldName(schema.fields()[i].name());
        value(json, value, schema.fields()[i].dataType());
      }
    }
    json.writeEndObject();
  }

  private static void value(JsonGenerator json, Object value, DataType type) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (type instanceof StructType struct) {
      struct(json, (Row) value, struct);
    } else if (type instanceof ArrayType array) {
      json.writeStartArray();
      for (Object element : elements(value)) {
        value(json, element, array.elementType());
      }
      json.writeEndArray();
    } else if (type instanceof MapType map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> e : entries(value).entrySet()) {
        json.writeFieldName(String.valueOf(e.getKey()));
        value(json, e.getValue(), map.valueType());
      }
      json.writeEndObject();
    } else if (value instanceof Timestamp t) {
      json.writeString(t.toInstant().toString());
    } else if (value instanceof Instant t) {
      json.writeString(t.toString());
    } else if (value instanceof java.sql.Date d) {
      json.writeString(d.toLocalDate().toString());
    } else if (value instanceof LocalDate d) {
      json.writeString(d.toString());
    } else if (value instanceof String s) {
      json.writeString(s);
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else if (value instanceof Integer n) {
      json.writeNumber(n);
    } else if (value instanceof Long n) {
      json.writeNumber(n);
    } else if (value instanceof Double n) {
      json.writeNumber(n);
    } else if (value instanceof java.math.BigDecimal n) {
      json.writeNumber(n);
    } else {
      throw new IllegalArgumentException(
          "Cannot write a " + value.getClass().getName() + " as a " + type.simpleString());
    }
  }

  private static Iterable<?> elements(Object value) {
    if (value instanceof Iterable<?> list) {
      return list;
    }
    if (value instanceof scala.collection.Iterable<?> seq) {
      return CollectionConverters.asJava(seq);
    }
    throw new IllegalArgumentException("Not a list: " + value.getClass().getName());
  }

  private static Map<?, ?> entries(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    if (value instanceof scala.collection.Map<?, ?> map) {
      return CollectionConverters.asJava(map);
    }
    throw new IllegalArgumentException("Not a map: " + value.getClass().getName());
  }
}

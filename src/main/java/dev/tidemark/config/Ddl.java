package dev.tidemark.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Column lists in Spark DDL ({@code "order_id STRING, amount DECIMAL(12,2)"}) as Spark's parser
 * reads them. Spark's parser costs about a second and a quarter the first time a JVM uses it, more
 * than a third of a {@code status} that starts no Spark; the plain lists configurations and the
 * control tables use (names, primitive types, decimals, arrays, maps, structs) are read here, and
 * anything else (quoted names, comments, NOT NULL, CHAR, intervals) goes to Spark's parser, which
 * also gives the errors. {@code DdlTest} holds both readings equal.
 */
public final class Ddl {
  private Ddl() {}

  /** The columns, as {@link StructType#fromDDL} gives them. */
  public static StructType columns(String ddl) {
    return plainColumns(ddl).orElseGet(() -> StructType.fromDDL(ddl));
  }

  /** One type, as {@link DataType#fromDDL} gives it. */
  public static DataType type(String ddl) {
    return Optional.ofNullable(new Reader(ddl).wholeType()).orElseGet(() -> DataType.fromDDL(ddl));
  }

  /** The columns when the list is plain enough to read here; empty for Spark's parser. */
  static Optional<StructType> plainColumns(String ddl) {
    return Optional.ofNullable(new Reader(ddl).columns());
  }

  /** A reader of one string; every method returns null where the text is not plain. */
  private static final class Reader {
    private final String text;
    private int at;

    Reader(String text) {
      this.text = text;
    }

    StructType columns() {
      List<StructField> fields = fields(false);
      return fields == null || !atEnd() ? null : new StructType(fields.toArray(StructField[]::new));
    }

    DataType wholeType() {
      DataType type = type();
      return type == null || !atEnd() ? null : type;
    }

    /** name type, name type, ... ; in a struct the name may end with a colon. */
    private List<StructField> fields(boolean inStruct) {
      List<StructField> fields = new ArrayList<>();
      do {
        String name = word();
        if (name == null) {
          return null;
        }
        skipSpaces();
        if (inStruct && peek() == ':') {
          at++;
        }
        DataType type = type();
        if (type == null) {
          return null;
        }
        fields.add(new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty()));
      } while (take(','));
      return fields;
    }

    private DataType type() {
      String word = word();
      if (word == null) {
        return null;
      }
      switch (word.toUpperCase(Locale.ROOT)) {
        case "STRING":
          return DataTypes.StringType;
        case "INT":
        case "INTEGER":
          return DataTypes.IntegerType;
        case "BIGINT":
        case "LONG":
          return DataTypes.LongType;
        case "SMALLINT":
        case "SHORT":
          return DataTypes.ShortType;
        case "TINYINT":
        case "BYTE":
          return DataTypes.ByteType;
        case "DOUBLE":
          return DataTypes.DoubleType;
        case "FLOAT":
        case "REAL":
          return DataTypes.FloatType;
        case "BOOLEAN":
          return DataTypes.BooleanType;
        case "DATE":
          return DataTypes.DateType;
        case "TIMESTAMP":
          return DataTypes.TimestampType;
        case "TIMESTAMP_NTZ":
          return DataTypes.TimestampNTZType;
        case "BINARY":
          return DataTypes.BinaryType;
        case "DECIMAL":
        case "DEC":
        case "NUMERIC":
          return decimal();
        case "ARRAY":
          return array();
        case "MAP":
          return map();
        case "STRUCT":
          return struct();
        default:
          return null;
      }
    }

    private DataType decimal() {
      if (!take('(')) {
        return DataTypes.createDecimalType(10, 0);
      }
      Integer precision = number();
      Integer scale = take(',') ? number() : Integer.valueOf(0);
      if (precision == null || scale == null || !take(')') || precision > 38 || scale > precision) {
        return null;
      }
      return DataTypes.createDecimalType(precision, scale);
    }

    private DataType array() {
      if (!take('<')) {
        return null;
      }
      DataType element = type();
      return element == null || !take('>') ? null : DataTypes.createArrayType(element, true);
    }

    private DataType map() {
      if (!take('<')) {
        return null;
      }
      DataType key = type();
      if (key == null || !take(',')) {
        return null;
      }
      DataType value = type();
      return value == null || !take('>') ? null : DataTypes.createMapType(key, value, true);
    }

    private DataType struct() {
      if (!take('<')) {
        return null;
      }
      List<StructField> fields = fields(true);
      return fields == null || !take('>')
          ? null
          : new StructType(fields.toArray(StructField[]::new));
    }

    /** A plain identifier; null for anything Spark's parser should read (quotes, keywords). */
    private String word() {
      skipSpaces();
      int start = at;
      while (at < text.length() && isWordChar(text.charAt(at))) {
        at++;
      }
      if (start == at || Character.isDigit(text.charAt(start))) {
        return null;
      }
      String word = text.substring(start, at);
      // Modifiers Spark reads after a type (NOT NULL, COMMENT, DEFAULT) are not plain.
      String upper = word.toUpperCase(Locale.ROOT);
      return upper.equals("NOT") || upper.equals("COMMENT") || upper.equals("DEFAULT")
          ? null
          : word;
    }

    /** Spark's unquoted identifiers: ASCII letters, digits and underscores. */
    private static boolean isWordChar(char c) {
      return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    private Integer number() {
      skipSpaces();
      int start = at;
      while (at < text.length() && Character.isDigit(text.charAt(at))) {
        at++;
      }
      return start == at || at - start > 3 ? null : Integer.valueOf(text.substring(start, at));
    }

    private boolean take(char c) {
      skipSpaces();
      if (peek() == c) {
        at++;
        return true;
      }
      return false;
    }

    private char peek() {
      return at < text.length() ? text.charAt(at) : '\0';
    }

    private boolean atEnd() {
      skipSpaces();
      return at == text.length();
    }

    private void skipSpaces() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
  }
}

package dev.tidemark.kernel;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.MapValue;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Kernel's column values as the Java values a Spark row holds for the same Spark type (dates and
 * timestamps as java.sql values, Spark's default; arrays and maps as Scala collections), so one row
 * mapper reads both.
 */
final class KernelValues {
  private KernelValues() {}

  /** The value at {@code row} of the vector, whose Kernel type has the shape of {@code type}. */
  static Object value(ColumnVector vector, int row, DataType type) {
    if (vector.isNullAt(row)) {
      return null;
    }
    if (type instanceof StructType struct) {
      return struct(vector, row, struct);
    }
    if (type instanceof ArrayType array) {
      ArrayValue value = vector.getArray(row);
      List<Object> elements = new ArrayList<>(value.getSize());
      for (int i = 0; i < value.getSize(); i++) {
        elements.add(value(value.getElements(), i, array.elementType()));
      }
      return CollectionConverters.asScala(elements).toSeq();
    }
    if (type instanceof MapType map) {
      MapValue value = vector.getMap(row);
      Map<Object, Object> entries = new LinkedHashMap<>();
      for (int i = 0; i < value.getSize(); i++) {
        entries.put(
            value(value.getKeys(), i, map.keyType()), value(value.getValues(), i, map.valueType()));
      }
      return CollectionConverters.asScala(entries);
    }
    return primitive(vector, row, type);
  }

  private static Object primitive(ColumnVector vector, int row, DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return vector.getString(row);
    } else if (type.equals(DataTypes.LongType)) {
      return vector.getLong(row);
    } else if (type.equals(DataTypes.IntegerType)) {
      return vector.getInt(row);
    } else if (type.equals(DataTypes.DoubleType)) {
      return vector.getDouble(row);
    } else if (type.equals(DataTypes.BooleanType)) {
      return vector.getBoolean(row);
    } else if (type.equals(DataTypes.DateType)) {
      return Date.valueOf(LocalDate.ofEpochDay(vector.getInt(row)));
    } else if (type.equals(DataTypes.TimestampType)) {
      return Timestamp.from(Instant.EPOCH.plus(vector.getLong(row), ChronoUnit.MICROS));
    }
    throw new IllegalArgumentException("Cannot read a " + type.simpleString() + " column");
  }

  /**
   * A struct's fields by name: a field the table does not have (written by an older Tidemark) reads
   * as NULL, as it does through Spark.
   */
  static KernelRow struct(ColumnVector vector, int row, StructType type) {
    io.delta.kernel.types.StructType stored =
        (io.delta.kernel.types.StructType) vector.getDataType();
    StructField[] fields = type.fields();
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      int child = stored.indexOf(fields[i].name());
      values[i] = child < 0 ? null : value(vector.getChild(child), row, fields[i].dataType());
    }
    return new KernelRow(values, type);
  }
}

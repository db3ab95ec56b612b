package dev.tidemark.kernel;

import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A row read by Delta Kernel, in the shape a Spark query of the same table returns: the control
 * tables' row mappers take it as they take Spark's, so reading without Spark maps rows the same
 * way. Spark's own row with a schema is an internal class; {@link Row} is its public interface.
 */
final class KernelRow implements Row {
  private final Object[] values;
  private final StructType schema;

  KernelRow(Object[] values, StructType schema) {
    this.values = values;
    this.schema = schema;
  }

  @Override
  public int length() {
    return values.length;
  }

  @Override
  public Object get(int i) {
    return values[i];
  }

  @Override
  public Row copy() {
    return this; // immutable
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public int fieldIndex(String name) {
    return schema.fieldIndex(name);
  }

  @Override
  public String toString() {
    // Row's own toString formats through Spark's utilities, which start its logging.
    return Arrays.toString(values);
  }
}

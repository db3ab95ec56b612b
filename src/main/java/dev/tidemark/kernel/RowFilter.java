package dev.tidemark.kernel;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which rows a scan keeps: those whose string column {@code column} equals {@code value}, within a
 * date window when one is given. Kernel skips files by the same filter's statistics; rows are
 * checked again here, before any is built.
 */
record RowFilter(String column, String value, Optional<DateWindow> window) {
  /** The filter for Kernel's file skipping. */
  Predicate predicate() {
    Predicate equal = new Predicate("=", new Column(column), Literal.ofString(value));
    return window.map(w -> new Predicate("AND", equal, w.predicate())).orElse(equal);
  }

  /** Each row of {@code batch} this filter keeps, in {@code schema} (missing columns NULL). */
  void emit(FilteredColumnarBatch batch, StructType schema, Consumer<Row> each) {
    ColumnarBatch data = batch.getData();
    Optional<ColumnVector> selected = batch.getSelectionVector();
    io.delta.kernel.types.StructType stored = data.getSchema();
    StructField[] fields = schema.fields();
    int[] ordinals = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      ordinals[i] = stored.indexOf(fields[i].name());
    }
    ColumnVector equal = data.getColumnVector(stored.indexOf(column));
    Optional<ColumnVector> dates =
        window.map(w -> data.getColumnVector(stored.indexOf(w.column())));
    for (int r = 0; r < data.getSize(); r++) {
      if (selected.isPresent() && (selected.get().isNullAt(r) || !selected.get().getBoolean(r))) {
        continue; // deleted by a deletion vector
      }
      if (equal.isNullAt(r) || !value.equals(equal.getString(r))) {
        continue;
      }
      if (window.isPresent() && !window.get().holds(dates.get(), r)) {
        continue;
      }
      Object[] values = new Object[fields.length];
      for (int i = 0; i < fields.length; i++) {
        values[i] =
            ordinals[i] < 0
                ? null
                : KernelValues.value(data.getColumnVector(ordinals[i]), r, fields[i].dataType());
      }
      each.accept(new KernelRow(values, schema));
    }
  }
}

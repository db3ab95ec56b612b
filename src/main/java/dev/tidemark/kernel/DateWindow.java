package dev.tidemark.kernel;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import java.time.LocalDate;

/** The rows whose date column {@code column} is from {@code from} through {@code to}. */
public record DateWindow(String column, LocalDate from, LocalDate to) {
  boolean holds(ColumnVector dates, int row) {
    if (dates.isNullAt(row)) {
      return false;
    }
    long day = dates.getInt(row); // Kernel reads a date as its day since the epoch
    return day >= from.toEpochDay() && day <= to.toEpochDay();
  }

  Predicate predicate() {
    return new Predicate(
        "AND",
        new Predicate(">=", new Column(column), Literal.ofDate((int) from.toEpochDay())),
        new Predicate("<=", new Column(column), Literal.ofDate((int) to.toEpochDay())));
  }
}

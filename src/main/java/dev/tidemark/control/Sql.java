package dev.tidemark.control;

import java.time.LocalDate;
import java.util.Collection;
import java.util.stream.Collectors;

/** SQL literals for control-table predicates: values are escaped, never pasted. */
public final class Sql {
  private Sql() {}

  public static String string(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  public static String date(LocalDate value) {
    return "DATE'" + value + "'";
  }

  public static String dates(Collection<LocalDate> values) {
    return values.stream().map(Sql::date).collect(Collectors.joining(", ", "(", ")"));
  }
}

package dev.tidemark.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of quality check the audit stage runs on a staged batch. */
public enum QualityCheckType {
  /** No two rows share the values of the columns (rows with a NULL among them are not compared). */
  UNIQUE,
  /** None of the columns is NULL. */
  NOT_NULL,
  /** The column's value, as text, is one of a list (NULL passes: use not_null for that). */
  ACCEPTED_VALUES,
  /** A SQL boolean every row must satisfy (a NULL result fails). */
  EXPRESSION,
  /** The batch's row count within bounds, and its change against the last run of the range. */
  ROW_COUNT,
  /** The newest event time in the batch at most this old, by the run's clock. */
  FRESHNESS;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Checks that judge each row, and so have failing rows and sample keys. */
  public boolean perRow() {
    return this != ROW_COUNT && this != FRESHNESS;
  }

  static Optional<QualityCheckType> parse(String label) {
    return Arrays.stream(values()).filter(t -> t.label().equals(label)).findFirst();
  }

  static String labels() {
    return Arrays.stream(values()).map(QualityCheckType::label).collect(Collectors.joining(", "));
  }
}

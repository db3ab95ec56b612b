package dev.tidemark.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a run does when the raw files hold columns the configured schema does not declare, or the
 * schema declares columns the target does not have. A changed type always fails, whatever the
 * policy: no policy can make old and new values of one column comparable.
 */
public enum SchemaDriftPolicy {
  /** Any undeclared column in a file, or declared column missing from the target, fails the run. */
  FAIL,
  /**
   * Columns declared in {@code pipeline.source.schema} that the target lacks are added to it by the
   * MERGE (Delta schema evolution); undeclared columns in files still fail the run, as only a
   * declared column has a type the user chose.
   */
  ADD_COLUMNS,
  /** Undeclared columns in files are left out of the read; the target never changes shape. */
  IGNORE_EXTRA;

  /** The name in configuration: fail, add-columns, ignore-extra. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Optional<SchemaDriftPolicy> parse(String value) {
    return Arrays.stream(values()).filter(p -> p.label().equals(value.trim())).findFirst();
  }

  static String labels() {
    return String.join(", ", Arrays.stream(values()).map(SchemaDriftPolicy::label).toList());
  }
}

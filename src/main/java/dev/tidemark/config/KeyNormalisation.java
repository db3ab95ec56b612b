package dev.tidemark.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How STRING key values are normalised before dedup and merge, so " ORD-1 " and "ord-1" can be the
 * same key as "ORD-1" when the source is known to be sloppy. Other key types are left as they are.
 */
public record KeyNormalisation(boolean trim, Case letterCase) {
  /** Keys as they arrive: the behaviour before normalisation was configurable. */
  public static final KeyNormalisation NONE = new KeyNormalisation(false, Case.NONE);

  public enum Case {
    NONE,
    UPPER,
    LOWER;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Case> parse(String value) {
      for (Case c : values()) {
        if (c.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  /** For the configuration hash: a change re-reads processed dates, as keys may change. */
  String canonical() {
    return "trim=" + trim + ",case=" + letterCase.label();
  }
}

package dev.tidemark.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One configured quality check. Only the fields of its type are set: {@code columns} for unique,
 * not_null and accepted_values (one column); {@code values} for accepted_values; {@code expression}
 * for expression; the bounds for row_count; {@code maxAge} for freshness.
 *
 * @param key where it was configured, e.g. {@code pipeline.quality.checks[2]}: messages name it
 */
public record QualityCheckConfig(
    String name,
    QualityCheckType type,
    QualitySeverity severity,
    List<String> columns,
    List<String> values,
    Optional<String> expression,
    OptionalLong minRows,
    OptionalLong maxRows,
    OptionalDouble maxChangePercent,
    Optional<Duration> maxAge,
    String key) {
  public QualityCheckConfig {
    columns = List.copyOf(columns);
    values = List.copyOf(values);
  }

  /** What the check looks at, for people: "unique on customer_id, order_date". */
  public String describe() {
    String subject =
        switch (type) {
          case EXPRESSION -> " " + expression.orElse("");
          case ROW_COUNT -> rowCountLimits();
          case FRESHNESS -> maxAge.map(d -> " max-age " + human(d)).orElse("");
          default -> " on " + String.join(", ", columns);
        };
    return type.label() + subject;
  }

  private String rowCountLimits() {
    java.util.List<String> limits = new java.util.ArrayList<>();
    minRows.ifPresent(v -> limits.add("min " + v));
    maxRows.ifPresent(v -> limits.add("max " + v));
    maxChangePercent.ifPresent(
        v ->
            limits.add(
                "max-change-percent "
                    + (v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v))));
    return " " + String.join(", ", limits);
  }

  /** 2d, 36h, 90m, 45s: the largest unit that divides the duration. */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}

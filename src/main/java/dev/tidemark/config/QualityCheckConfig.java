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
          case ROW_COUNT, FRESHNESS -> "";
          default -> " on " + String.join(", ", columns);
        };
    return type.label() + subject;
  }
}

package dev.tidemark.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** File formats Tidemark reads. Raw sources are files; a golden source may also be Delta. */
public enum DataFormat {
  JSON,
  CSV,
  PARQUET,
  ORC,
  AVRO,
  DELTA;

  static final List<DataFormat> SOURCE_FORMATS = List.of(JSON, CSV, PARQUET, ORC, AVRO);
  static final List<DataFormat> GOLDEN_FORMATS = List.of(JSON, CSV, PARQUET, ORC, AVRO, DELTA);

  /**
   * A file that records its own schema and types (Parquet, ORC, Avro): read by that schema, its
   * drift found in it, with no text to keep for a row it cannot read; JSON and CSV are text, parsed
   * by the declared schema, and a line that does not parse is quarantined with its text.
   */
  public boolean selfDescribing() {
    return this == PARQUET || this == ORC || this == AVRO;
  }

  /** The name Spark's DataFrameReader knows the format by. */
  public String sparkName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The source format named {@code value} ({@code orc}).
   *
   * @throws IllegalArgumentException naming the formats allowed
   */
  public static DataFormat source(String value) {
    return parse(value)
        .filter(SOURCE_FORMATS::contains)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Cannot use \""
                        + value
                        + "\" as a source format: allowed are "
                        + names(SOURCE_FORMATS)));
  }

  static Optional<DataFormat> parse(String value) {
    return Arrays.stream(values()).filter(f -> f.sparkName().equals(value.trim())).findFirst();
  }

  static String names(List<DataFormat> formats) {
    return String.join(", ", formats.stream().map(DataFormat::sparkName).toList());
  }
}

package dev.tidemark.config;

import java.util.Map;
import org.apache.spark.sql.types.StructType;

/** Where the raw files are and how to read them. */
public record SourceConfig(
    String path,
    DataFormat format,
    StructType schema,
    Map<String, String> options,
    String landingPrefix,
    KeyNormalisation keyNormalisation,
    boolean roundDecimals) {
  public SourceConfig {
    options = Map.copyOf(options);
  }

  /**
   * A source whose decimals with more digits after the point than their column's scale go to
   * quarantine ({@code pipeline.source.decimal-rounding = quarantine}, the default).
   */
  public SourceConfig(
      String path,
      DataFormat format,
      StructType schema,
      Map<String, String> options,
      String landingPrefix,
      KeyNormalisation keyNormalisation) {
    this(path, format, schema, options, landingPrefix, keyNormalisation, false);
  }

  /** The same source read with another schema (the same columns, wider types). */
  public SourceConfig withSchema(StructType other) {
    return new SourceConfig(
        path, format, other, options, landingPrefix, keyNormalisation, roundDecimals);
  }

  /** A source whose keys are read as they are. */
  public SourceConfig(
      String path,
      DataFormat format,
      StructType schema,
      Map<String, String> options,
      String landingPrefix) {
    this(path, format, schema, options, landingPrefix, KeyNormalisation.NONE);
  }
}

package dev.tidemark.config;

import java.util.Map;
import org.apache.spark.sql.types.StructType;

/** Where the raw files are, how their folders are named, and how to read them. */
public record SourceConfig(
    String path,
    DataFormat format,
    StructType schema,
    Map<String, String> options,
    LandingLayout layout,
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
      LandingLayout layout,
      KeyNormalisation keyNormalisation) {
    this(path, format, schema, options, layout, keyNormalisation, false);
  }

  /**
   * The source root's last folder name, as it appears in a file's path URI (empty for a bucket).
   */
  public String rootName() {
    return new org.apache.hadoop.fs.Path(path).toUri().getRawPath().replaceAll(".*/", "");
  }

  /** The same source read with another schema (the same columns, wider types). */
  public SourceConfig withSchema(StructType other) {
    return new SourceConfig(path, format, other, options, layout, keyNormalisation, roundDecimals);
  }

  /** A source whose keys are read as they are. */
  public SourceConfig(
      String path,
      DataFormat format,
      StructType schema,
      Map<String, String> options,
      LandingLayout layout) {
    this(path, format, schema, options, layout, KeyNormalisation.NONE);
  }
}

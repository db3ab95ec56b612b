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
    KeyNormalisation keyNormalisation) {
  public SourceConfig {
    options = Map.copyOf(options);
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

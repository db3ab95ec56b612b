package dev.tidemark.config;

import java.util.Map;

/** How Tidemark builds its SparkSession when it builds one (local mode). */
public record SparkSettings(String master, String appName, Map<String, String> conf) {
  public SparkSettings {
    conf = Map.copyOf(conf);
  }
}

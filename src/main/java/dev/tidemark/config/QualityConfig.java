package dev.tidemark.config;

import java.util.List;

/**
 * The quality gates of a pipeline: checks the audit stage runs on each staged batch before publish.
 *
 * @param sampleSize failing keys stored per check
 */
public record QualityConfig(int sampleSize, List<QualityCheckConfig> checks) {
  public QualityConfig {
    checks = List.copyOf(checks);
  }

  public static final QualityConfig NONE = new QualityConfig(20, List.of());
}

package dev.tidemark.config;

import java.util.List;

/**
 * Everything one command needs: the environment, the pipeline, a hash of the settings that shape
 * the target's content (stored with every processed landing date), and the files it came from.
 */
public record TidemarkConfig(
    Settings settings, PipelineConfig pipeline, String configHash, List<String> layers) {
  public TidemarkConfig {
    layers = List.copyOf(layers);
  }
}

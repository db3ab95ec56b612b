package dev.tidemark.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What to load: the folder holding the profiles and pipelines, the environment profile, the
 * pipeline (a name found under {@code <confDir>/pipelines/}, or a path to a .conf file), and extra
 * files layered on top in order.
 */
public record ConfigRequest(Path confDir, String profile, String pipeline, List<Path> extraFiles) {
  public ConfigRequest {
    extraFiles = List.copyOf(extraFiles);
  }
}

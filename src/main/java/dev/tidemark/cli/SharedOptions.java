package dev.tidemark.cli;

import dev.tidemark.config.ConfigLoader;
import dev.tidemark.config.ConfigRequest;
import dev.tidemark.config.Settings;
import dev.tidemark.config.TidemarkConfig;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes: where the configuration is, and extra layers over it. */
final class SharedOptions {
  @Option(
      names = "--conf-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      defaultValue = "${env:TIDEMARK_CONF_DIR:-conf}",
      description = "Folder with the profiles and pipelines/ (default: ${DEFAULT-VALUE}).")
  Path confDir;

  @Option(
      names = "--profile",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      defaultValue = "${env:TIDEMARK_PROFILE:-local}",
      description = "Environment profile: <conf-dir>/NAME.conf (default: ${DEFAULT-VALUE}).")
  String profile;

  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "A file layered over the defaults and the pipeline's own file; repeatable.")
  List<Path> configFiles = new ArrayList<>();

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Show Spark's own INFO logging, Tidemark's debug lines, and stack traces.")
  boolean verbose;

  /** The pipelines of the configuration folder, for commands that take all of them. */
  List<String> pipelines() {
    List<String> names = ConfigLoader.pipelineNames(confDir == null ? Paths.get("conf") : confDir);
    if (names.isEmpty()) {
      throw new UsageException(
          "Cannot find any pipeline in "
              + (confDir == null ? "conf" : confDir)
              + "/pipelines: add a NAME.conf there, or pass --conf-dir");
    }
    return names;
  }

  TidemarkConfig load(String pipeline) {
    return ConfigLoader.load(request(pipeline));
  }

  Settings settings() {
    return ConfigLoader.loadSettings(request(""));
  }

  private ConfigRequest request(String pipeline) {
    return new ConfigRequest(
        confDir == null ? Paths.get("conf") : confDir,
        profile == null ? "local" : profile,
        pipeline,
        configFiles);
  }
}

package dev.tidemark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads the layered configuration (reference.conf, profile, pipeline file, --config files, system
 * properties), rejects what cannot work, and returns immutable records. Runs once at start.
 */
public final class ConfigLoader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  /** Keys that have no default, so reference.conf only mentions them in comments. */
  private static final Set<String> REQUIRED_WITHOUT_DEFAULT =
      Set.of(
          "pipeline.source.path", "pipeline.source.schema", "pipeline.keys", "pipeline.sequence");

  /** Objects whose keys are the user's own (Spark settings, reader options). */
  private static final List<String> FREE_FORM =
      List.of(
          "tidemark.spark.conf.", "pipeline.source.options.", "pipeline.reconcile.golden.options.");

  /** The top-level keys of a configuration file: everything else is a typo. */
  private static final List<String> ROOTS = List.of("pipeline", "tidemark");

  private ConfigLoader() {}

  public static TidemarkConfig load(ConfigRequest request) {
    Path pipelineFile = pipelineFile(request.confDir(), request.pipeline());
    List<String> layers = new ArrayList<>();
    Config merged = layered(request, Optional.of(pipelineFile), layers);
    String pipelineOrigin = display(pipelineFile);
    ConfigReader reader = new ConfigReader(merged, pipelineOrigin);
    Settings settings = settings(reader);
    String defaultName = pipelineFile.getFileName().toString().replaceFirst("\\.conf$", "");
    PipelineConfig pipeline = PipelineReader.read(reader, defaultName, settings.warehouse());
    return new TidemarkConfig(settings, pipeline, configHash(pipeline), layers);
  }

  /** The environment settings alone, for commands that need no pipeline. */
  public static Settings loadSettings(ConfigRequest request) {
    List<String> layers = new ArrayList<>();
    Config merged = layered(request, Optional.empty(), layers);
    return settings(new ConfigReader(merged, display(profileFile(request))));
  }

  /** Pipeline names found under {@code <confDir>/pipelines}, sorted. */
  public static List<String> pipelineNames(Path confDir) {
    Path dir = confDir.resolve("pipelines");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".conf"))
          .map(n -> n.substring(0, n.length() - ".conf".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new InvalidConfigException("Cannot list pipelines in " + display(dir) + ": " + e, e);
    }
  }

  static Path pipelineFile(Path confDir, String pipeline) {
    boolean isPath = pipeline.endsWith(".conf") || pipeline.contains("/");
    Path file =
        isPath ? Paths.get(pipeline) : confDir.resolve("pipelines").resolve(pipeline + ".conf");
    if (!isPath && !NAME.matcher(pipeline).matches()) {
      throw new InvalidConfigException(
          "Cannot use pipeline name '"
              + pipeline
              + "': allowed are letters, digits, '_' and '-', starting with a letter or digit");
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException(
          "Cannot find pipeline '"
              + pipeline
              + "': no file "
              + display(file)
              + "; pipelines in "
              + display(confDir.resolve("pipelines"))
              + ": "
              + String.join(", ", pipelineNames(confDir)));
    }
    return file;
  }

  private static Path profileFile(ConfigRequest request) {
    return request.confDir().resolve(request.profile() + ".conf");
  }

  private static Config layered(
      ConfigRequest request, Optional<Path> pipelineFile, List<String> layers) {
    Config reference = ConfigFactory.parseResources("reference.conf");
    layers.add("reference.conf");
    Path profile = profileFile(request);
    if (!Files.isRegularFile(profile)) {
      throw new InvalidConfigException(
          "Cannot find profile '"
              + request.profile()
              + "': no file "
              + display(profile)
              + " (profiles are the .conf files in "
              + display(request.confDir())
              + ", chosen with --profile or TIDEMARK_PROFILE)");
    }
    List<Path> files = new ArrayList<>();
    files.add(profile);
    pipelineFile.ifPresent(files::add);
    files.addAll(request.extraFiles());
    String configFile = System.getProperty("config.file");
    if (configFile != null && !configFile.isBlank()) {
      files.add(Paths.get(configFile));
    }
    Config merged = reference;
    for (Path file : files) {
      Config layer = parse(file);
      rejectUnknownRoots(layer);
      merged = layer.withFallback(merged);
      layers.add(display(file));
    }
    merged = ConfigFactory.systemProperties().withFallback(merged);
    try {
      merged = merged.resolve();
    } catch (ConfigException.UnresolvedSubstitution e) {
      // A ${VAR} without '?' is a value the profile leaves to the environment on purpose.
      throw new InvalidConfigException(
          "Cannot resolve the configuration: "
              + e.getMessage()
              + ". Set that environment variable (or the key it is the value of, with"
              + " -D<key>=<value> or a --config file)",
          e);
    } catch (ConfigException e) {
      throw new InvalidConfigException("Cannot resolve the configuration: " + e.getMessage(), e);
    }
    rejectUnknownKeys(merged, reference.resolve());
    return merged;
  }

  private static Config parse(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException(
          "Cannot read configuration file " + display(file) + ": it does not exist");
    }
    try {
      // The origin description is what error messages show, so name the file as given.
      return ConfigFactory.parseString(
          Files.readString(file, StandardCharsets.UTF_8),
          ConfigParseOptions.defaults().setOriginDescription(display(file)).setAllowMissing(false));
    } catch (ConfigException.Parse e) {
      throw new InvalidConfigException("Cannot parse " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidConfigException("Cannot read configuration file " + display(file), e);
    }
  }

  /**
   * A file's top-level keys are checked file by file, before merging: the merged configuration also
   * holds every system property and environment variable, whose names are not Tidemark's to judge.
   * Without this a typo such as {@code pipline { ... }} would be ignored, and its settings with it.
   */
  private static void rejectUnknownRoots(Config layer) {
    for (Map.Entry<String, ConfigValue> root : layer.root().entrySet()) {
      if (!ROOTS.contains(root.getKey())) {
        throw new InvalidConfigException(
            "Cannot use unknown key "
                + root.getKey()
                + " ("
                + root.getValue().origin().description()
                + "): allowed top-level keys are "
                + String.join(", ", ROOTS)
                + "; did you mean "
                + Nearest.of(root.getKey(), ROOTS)
                + "?");
      }
    }
  }

  private static void rejectUnknownKeys(Config merged, Config reference) {
    for (String root : List.of("tidemark", "pipeline")) {
      if (!merged.hasPath(root)) {
        continue;
      }
      for (Map.Entry<String, ConfigValue> entry : merged.getConfig(root).entrySet()) {
        String path = root + "." + entry.getKey();
        boolean freeForm = FREE_FORM.stream().anyMatch(path::startsWith);
        boolean known = reference.hasPathOrNull(path) || REQUIRED_WITHOUT_DEFAULT.contains(path);
        if (!freeForm && !known) {
          throw new InvalidConfigException(
              "Cannot use unknown key "
                  + path
                  + " ("
                  + entry.getValue().origin().description()
                  + "): allowed keys under "
                  + parentOf(path)
                  + " are "
                  + allowedKeys(reference, parentOf(path))
                  + nearestKey(reference, path));
        }
      }
    }
  }

  private static String parentOf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }

  private static String nearestKey(Config reference, String path) {
    List<String> keys = keysUnder(reference, parentOf(path));
    return keys.isEmpty()
        ? ""
        : "; did you mean " + Nearest.of(path.substring(path.lastIndexOf('.') + 1), keys) + "?";
  }

  private static String allowedKeys(Config reference, String parent) {
    List<String> keys = keysUnder(reference, parent);
    return keys.isEmpty() ? "none" : String.join(", ", keys);
  }

  private static List<String> keysUnder(Config reference, String parent) {
    List<String> keys = new ArrayList<>();
    if (reference.hasPath(parent)) {
      keys.addAll(reference.getObject(parent).keySet());
    }
    for (String required : REQUIRED_WITHOUT_DEFAULT) {
      if (parentOf(required).equals(parent)) {
        keys.add(required.substring(parent.length() + 1));
      }
    }
    return keys.stream().sorted().toList();
  }

  private static Settings settings(ConfigReader reader) {
    String warehouse =
        Locations.qualify(reader.requiredString("tidemark.warehouse", "a folder or URI"));
    Optional<List<String>> controlSchema = TableNames.controlSchema(reader);
    String control =
        reader
            .optionalString("tidemark.control-location")
            .map(Locations::qualify)
            .orElse(warehouse + "/_tidemark");
    SparkSettings spark =
        new SparkSettings(
            reader.requiredString("tidemark.spark.master", "e.g. local[*]"),
            reader.requiredString("tidemark.spark.app-name", "e.g. tidemark"),
            reader.stringMap("tidemark.spark.conf"));
    LockSettings lock =
        new LockSettings(
            reader.duration("tidemark.lock.wait"), reader.duration("tidemark.lock.stale-after"));
    HousekeepingSettings housekeeping =
        new HousekeepingSettings(
            reader.duration("tidemark.maintain.control-vacuum-retention"),
            reader.duration("tidemark.staging-retention"));
    return new Settings(
        warehouse, control, spark, lock, housekeeping, conflicts(reader), controlSchema);
  }

  private static ConflictSettings conflicts(ConfigReader reader) {
    int attempts = reader.integer("tidemark.conflicts.attempts", 1, 100);
    java.time.Duration backoff = reader.duration("tidemark.conflicts.backoff");
    java.time.Duration max = reader.duration("tidemark.conflicts.max-backoff");
    for (String key : List.of("tidemark.conflicts.backoff", "tidemark.conflicts.max-backoff")) {
      java.time.Duration value = reader.duration(key);
      if (value.isNegative()) {
        throw new InvalidConfigException(
            "Cannot use " + key + " = " + value + " (" + reader.where(key) + "): allowed is >= 0");
      }
    }
    if (max.compareTo(backoff) < 0) {
      throw new InvalidConfigException(
          "Cannot use tidemark.conflicts.max-backoff = "
              + max
              + " ("
              + reader.where("tidemark.conflicts.max-backoff")
              + "): it must be at least tidemark.conflicts.backoff ("
              + backoff
              + ")");
    }
    return new ConflictSettings(attempts, backoff, max);
  }

  /** Hash of what shapes the target's content, so a changed setting marks processed dates stale. */
  static String configHash(PipelineConfig p) {
    String canonical =
        String.join(
                "\n",
                "format=" + p.source().format().sparkName(),
                "schema=" + p.source().schema().toDDL(),
                "options=" + new java.util.TreeMap<>(p.source().options()),
                // A flat layout hashes as the prefix it replaced, so older ledgers stay current.
                p.source()
                    .layout()
                    .flatPrefix()
                    .map(prefix -> "landing-prefix=" + prefix)
                    .orElse("layout=" + p.source().layout().pattern()),
                "key-normalisation=" + p.source().keyNormalisation().canonical(),
                "keys=" + p.keys(),
                "sequence=" + p.sequence(),
                "partition-column=" + p.partitionColumn().orElse(""))
            // Only when rounding: pipelines that never set it keep their hash (and ledger).
            + (p.source().roundDecimals() ? "\ndecimal-rounding=round" : "")
            + deletesHash(p.deletes());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash the configuration: no SHA-256", e);
    }
  }

  /**
   * What decides which rows are deleted or moved; nothing for the defaults, so adding these keys
   * left the hash of every existing pipeline (and so its ledger) as it was.
   */
  private static String deletesHash(DeleteConfig d) {
    if (d.equals(DeleteConfig.none())) {
      return "";
    }
    return "\nmode="
        + (d.snapshot() ? "snapshot" : "changes")
        + "\nop-column="
        + d.opColumn().orElse("")
        + "\ndelete-values="
        + d.deleteValues()
        + "\ndelete-missing="
        + d.deleteMissing()
        + "\npartition-may-change="
        + d.partitionMayChange();
  }

  /** A path as the user knows it: relative to the working directory when under it. */
  static String display(Path path) {
    Path cwd = Paths.get("").toAbsolutePath();
    Path abs = path.toAbsolutePath().normalize();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }
}

package dev.tidemark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The jars `./mvnw -B package` builds for clusters and Databricks: what is inside, and what is left
 * to the platform; and the benchmark's jar, apart from them.
 */
class PackagedJarsIT {
  private static final Path PROJECT = Path.of(System.getProperty("it.project.dir", "."));
  private static final Path TARGET = PROJECT.resolve("target");

  /** A fixed name, without the version, that the Databricks job files and bundle can name. */
  private static final Path DATABRICKS_JAR = TARGET.resolve("tidemark-databricks.jar");

  @Test
  void theClusterJarHoldsDeltaAndRelocatedLibrariesButNotSpark() throws IOException {
    List<String> entries = entries(jar("cluster"));
    assertThat(entries)
        .contains(
            "dev/tidemark/cli/TidemarkCli.class",
            "dev/tidemark/databricks/DatabricksJob.class",
            "reference.conf",
            "META-INF/services/org.apache.spark.sql.sources.DataSourceRegister",
            // Spark's distribution leaves its Avro module out: Avro sources need it here.
            "org/apache/spark/sql/v2/avro/AvroDataSourceV2.class")
        .anyMatch(e -> e.startsWith("io/delta/tables/"))
        .anyMatch(e -> e.startsWith("dev/tidemark/shaded/picocli/"))
        .anyMatch(e -> e.startsWith("dev/tidemark/shaded/typesafe/config/"))
        .noneMatch(e -> e.startsWith("picocli/") || e.startsWith("com/typesafe/config/"))
        // Delta's own classes live in Spark's packages (org/apache/spark/sql/delta); Spark's do
        // not.
        .doesNotContain(
            "org/apache/spark/SparkContext.class",
            "org/apache/spark/sql/SparkSession.class",
            "org/apache/hadoop/fs/FileSystem.class",
            "scala/Option.class");
    try (JarFile jar = new JarFile(jar("cluster").toFile())) {
      // The format names register with Spark: Delta's and Avro's, merged into one services file.
      String registered =
          new String(
              jar.getInputStream(
                      jar.getEntry(
                          "META-INF/services/org.apache.spark.sql.sources.DataSourceRegister"))
                  .readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
      assertThat(registered)
          .contains("org.apache.spark.sql.delta.sources.DeltaDataSource")
          .contains("org.apache.spark.sql.v2.avro.AvroDataSourceV2");
      Manifest manifest = jar.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.tidemark.cli.TidemarkCli");
    }
  }

  @Test
  void theDatabricksJarLeavesDeltaToTheRuntime() throws IOException {
    assertThat(entries(DATABRICKS_JAR))
        .contains("dev/tidemark/databricks/DatabricksJob.class", "reference.conf")
        .anyMatch(e -> e.startsWith("dev/tidemark/shaded/picocli/"))
        .noneMatch(e -> e.startsWith("io/delta/") || e.startsWith("org/apache/spark/"))
        .doesNotContain("scala/Option.class");
  }

  /**
   * Every jar the Databricks job files and the bundle name is the one the build made: the job files
   * name it in a volume (the file copied there keeps its name), the bundle by its path.
   */
  @Test
  void theDatabricksJobsAndTheBundleNameTheJarTheBuildMakes() throws IOException {
    Path jobs = PROJECT.resolve("jobs/databricks");
    List<String> named = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String file : List.of("tidemark-daily.json", "tidemark-backfill.json")) {
      for (JsonNode task : json.readTree(jobs.resolve(file).toFile()).path("tasks")) {
        for (JsonNode library : task.path("libraries")) {
          String jar = library.path("jar").asText();
          assertThat(jar).as(file).startsWith("/Volumes/");
          named.add(file + ": " + jar);
          assertThat(TARGET.resolve(Path.of(jar).getFileName().toString()))
              .as("%s names %s", file, jar)
              .isEqualTo(DATABRICKS_JAR);
        }
      }
    }
    Map<String, Object> bundle = new Yaml().load(Files.readString(jobs.resolve("databricks.yml")));
    List<String> bundlePaths = new ArrayList<>();
    bundlePaths.add(
        BundleTree.at(bundle, "artifacts", "tidemark", "files").get(0).get("source").toString());
    for (Object job : BundleTree.map(bundle, "resources", "jobs").values()) {
      for (Map<String, Object> task : BundleTree.list((Map<?, ?>) job, "tasks")) {
        for (Map<String, Object> library : BundleTree.list(task, "libraries")) {
          bundlePaths.add(library.get("jar").toString());
        }
      }
    }
    for (String path : bundlePaths) {
      named.add("databricks.yml: " + path);
      assertThat(jobs.resolve(path).normalize())
          .as("databricks.yml names %s", path)
          .isEqualTo(DATABRICKS_JAR.normalize());
    }
    assertThat(named).as("jars named").hasSizeGreaterThanOrEqualTo(5);
    assertThat(DATABRICKS_JAR).as("the jar ./mvnw -B package makes").isRegularFile();
  }

  @Test
  void noProductJarHoldsTheBenchmark() throws IOException {
    List<Path> products = new ArrayList<>();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(TARGET, "tidemark-*.jar")) {
      jars.forEach(
          j -> {
            String name = j.getFileName().toString();
            // scripts/tidemark jars target/classes for class data sharing: not a product.
            if (!name.endsWith("-bench.jar") && !name.equals("tidemark-classes.jar")) {
              products.add(j);
            }
          });
    }
    // The plain jar, -cluster and -databricks.
    assertThat(products).hasSize(3);
    for (Path product : products) {
      assertThat(entries(product))
          .as(product.getFileName().toString())
          .contains("dev/tidemark/cli/TidemarkCli.class")
          .noneMatch(e -> e.startsWith("dev/tidemark/bench/"));
    }
  }

  @Test
  void theBenchJarHoldsTheBenchmarkAlone() throws IOException {
    assertThat(entries(jar("bench")))
        .contains("dev/tidemark/bench/Bench.class", "dev/tidemark/bench/BenchMain.class")
        .allMatch(
            e ->
                e.startsWith("dev/tidemark/bench/")
                    || e.startsWith("META-INF/")
                    || e.equals("dev/")
                    || e.equals("dev/tidemark/"));
    try (JarFile jar = new JarFile(jar("bench").toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.tidemark.bench.BenchMain");
    }
  }

  private static Path jar(String classifier) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(TARGET, "tidemark-*-" + classifier + ".jar")) {
      jars.forEach(found::add);
    }
    assertThat(found).as("target/tidemark-*-" + classifier + ".jar").hasSize(1);
    return found.get(0);
  }

  private static List<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(e -> e.getName()).toList();
    }
  }

  /** Steps into the maps and lists snakeyaml reads a bundle as, failing with the path if absent. */
  private static final class BundleTree {
    static List<Map<String, Object>> at(Map<?, ?> root, String... keys) {
      Map<?, ?> parent = root;
      for (int i = 0; i < keys.length - 1; i++) {
        parent = (Map<?, ?>) require(parent, keys[i]);
      }
      return list(parent, keys[keys.length - 1]);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<?, ?> root, String... keys) {
      Object value = root;
      for (String key : keys) {
        value = require((Map<?, ?>) value, key);
      }
      return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<?, ?> parent, String key) {
      return (List<Map<String, Object>>) require(parent, key);
    }

    private static Object require(Map<?, ?> parent, String key) {
      assertThat(parent.containsKey(key)).as("databricks.yml has %s", key).isTrue();
      return parent.get(key);
    }
  }
}

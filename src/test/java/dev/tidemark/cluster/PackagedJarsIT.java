package dev.tidemark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The jars `./mvnw -B package` builds for clusters and Databricks: what is inside, and what is left
 * to the platform; and the benchmark's jar, apart from them.
 */
class PackagedJarsIT {
  private static final Path TARGET =
      Path.of(System.getProperty("it.project.dir", ".")).resolve("target");

  @Test
  void theClusterJarHoldsDeltaAndRelocatedLibrariesButNotSpark() throws IOException {
    List<String> entries = entries(jar("cluster"));
    assertThat(entries)
        .contains(
            "dev/tidemark/cli/TidemarkCli.class",
            "dev/tidemark/databricks/DatabricksJob.class",
            "reference.conf",
            "META-INF/services/org.apache.spark.sql.sources.DataSourceRegister")
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
      Manifest manifest = jar.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.tidemark.cli.TidemarkCli");
    }
  }

  @Test
  void theDatabricksJarLeavesDeltaToTheRuntime() throws IOException {
    assertThat(entries(jar("databricks")))
        .contains("dev/tidemark/databricks/DatabricksJob.class", "reference.conf")
        .anyMatch(e -> e.startsWith("dev/tidemark/shaded/picocli/"))
        .noneMatch(e -> e.startsWith("io/delta/") || e.startsWith("org/apache/spark/"))
        .doesNotContain("scala/Option.class");
  }

  @Test
  void noProductJarHoldsTheBenchmark() throws IOException {
    List<Path> products = new ArrayList<>();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(TARGET, "tidemark-*.jar")) {
      jars.forEach(
          j -> {
            if (!j.getFileName().toString().endsWith("-bench.jar")) {
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
}

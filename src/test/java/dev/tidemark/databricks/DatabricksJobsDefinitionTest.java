package dev.tidemark.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.JobCluster;
import com.databricks.sdk.service.jobs.JobParameterDefinition;
import com.databricks.sdk.service.jobs.Task;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tidemark.config.ConfigLoader;
import dev.tidemark.config.ConfigRequest;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.testing.CliArguments;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The Databricks job definitions in jobs/databricks/ are checked against what they run: the Jobs
 * API model of the Databricks SDK (a misspelt field fails), the entry point class, Tidemark's own
 * command line, the pom's Spark version, the profile they name, and the README's packaging command.
 */
class DatabricksJobsDefinitionTest {
  private static final Path JOBS = Path.of("jobs/databricks");
  private static final String PACKAGING_COMMAND = "./mvnw -B package -DskipTests";

  /** The Apache Spark version of each Databricks Runtime major version Tidemark can run on. */
  private static final Map<Integer, String> SPARK_OF_RUNTIME = Map.of(17, "4.0", 18, "4.1");

  /** Sample values for the job parameters a run is triggered with. */
  private static final Map<String, String> SAMPLE_JOB_PARAMETERS =
      Map.of("from", "2026-01-01", "to", "2026-01-31");

  private static final Pattern JOB_PARAMETER = Pattern.compile("\\{\\{job\\.parameters\\.(\\w+)}}");
  private static final Pattern RUNTIME =
      Pattern.compile("(\\d+)\\.(\\d+|x)\\.x-scala(\\d+\\.\\d+)");

  /** Like the Jobs API itself: a field the model does not know is an error, not ignored. */
  private final ObjectMapper strict =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @ParameterizedTest
  @ValueSource(strings = {"tidemark-daily.json", "tidemark-backfill.json"})
  void theJobRunsTheEntryPointWithArgumentsTidemarkAccepts(String file) throws Exception {
    CreateJob job = strict.readValue(JOBS.resolve(file).toFile(), CreateJob.class);

    assertThat(job.getName()).isEqualTo(file.replace(".json", ""));
    assertThat(job.getTasks()).isNotEmpty();
    Set<String> clusters =
        job.getJobClusters().stream().map(JobCluster::getJobClusterKey).collect(Collectors.toSet());
    Set<String> jobParameters =
        job.getParameters() == null
            ? Set.of()
            : job.getParameters().stream()
                .map(JobParameterDefinition::getName)
                .collect(Collectors.toSet());
    for (Task task : job.getTasks()) {
      assertThat(task.getJobClusterKey()).as(task.getTaskKey()).isIn(clusters);
      assertIsTheEntryPoint(task.getSparkJarTask().getMainClassName());
      List<String> args = withSampleValues(task.getSparkJarTask().getParameters(), jobParameters);
      assertParsesAsARun(args);
      assertThat(task.getLibraries())
          .extracting(Library::getJar)
          .containsExactly("/Volumes/main/tidemark/jars/tidemark-databricks.jar");
      // A retry is safe (runs are idempotent), so transient cluster failures are retried.
      assertThat(task.getMaxRetries()).as(task.getTaskKey()).isPositive();
      assertThat(task.getMinRetryIntervalMillis()).as(task.getTaskKey()).isPositive();
      assertThat(task.getRetryOnTimeout()).as(task.getTaskKey()).isTrue();
    }
    for (JobCluster cluster : job.getJobClusters()) {
      assertRuntimeMatchesThePom(cluster.getNewCluster());
    }
  }

  @Test
  void theDailyJobRunsIncrementallyOnASchedule() throws Exception {
    CreateJob job = strict.readValue(JOBS.resolve("tidemark-daily.json").toFile(), CreateJob.class);

    assertThat(job.getSchedule().getQuartzCronExpression()).isNotBlank();
    assertThat(job.getTasks())
        .singleElement()
        .satisfies(
            task ->
                assertThat(task.getSparkJarTask().getParameters())
                    .doesNotContain("--from", "--to")
                    .startsWith("run", "orders"));
  }

  @Test
  void theBackfillJobTakesItsRangeFromJobParameters() throws Exception {
    CreateJob job =
        strict.readValue(JOBS.resolve("tidemark-backfill.json").toFile(), CreateJob.class);

    assertThat(job.getSchedule())
        .as("a backfill runs when triggered, never on a schedule")
        .isNull();
    assertThat(job.getParameters())
        .extracting(JobParameterDefinition::getName)
        .containsExactlyInAnyOrder("from", "to");
    assertThat(job.getTasks().iterator().next().getSparkJarTask().getParameters())
        .containsSubsequence("--from", "{{job.parameters.from}}", "--to", "{{job.parameters.to}}");
  }

  @Test
  void aMisspeltFieldFailsToDeserialize() throws Exception {
    String daily = Files.readString(JOBS.resolve("tidemark-daily.json"));
    String misspelt = daily.replace("\"main_class_name\"", "\"main_class\"");
    assertThat(misspelt).isNotEqualTo(daily);

    assertThatThrownBy(() -> strict.readValue(misspelt, CreateJob.class))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageContaining("\"main_class\"");
    assertThatThrownBy(
            () ->
                strict.readValue(
                    daily.replace("\"max_retries\"", "\"max_retry\""), CreateJob.class))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageContaining("\"max_retry\"");
  }

  @Test
  void theBundleBuildsWithTheReadmesPackagingCommandAndDeploysBothJobs() throws Exception {
    Map<String, Object> bundle = yaml(JOBS.resolve("databricks.yml"));

    Map<String, Object> artifact = map(map(bundle, "artifacts"), "tidemark");
    assertThat(artifact.get("build")).isEqualTo(PACKAGING_COMMAND);
    assertThat(Files.readAllLines(Path.of("README.md")).stream().map(String::strip))
        .as("README.md quotes the packaging command on a line of its own")
        .contains(PACKAGING_COMMAND);
    // That the build makes this file is PackagedJarsIT's check, after package.
    assertThat(list(artifact, "files"))
        .singleElement()
        .satisfies(
            file ->
                assertThat(map(file).get("source"))
                    .isEqualTo("../../target/tidemark-databricks.jar"));

    // Each target in a schema of its own: a dev deploy never writes prod's tables.
    Map<String, Object> targets = map(bundle, "targets");
    assertThat(map(targets, "dev"))
        .containsEntry("mode", "development")
        .containsEntry("default", true);
    assertThat(map(targets, "prod")).containsEntry("mode", "production");
    Map<String, String> defaults = variableDefaults(bundle);
    assertThat(defaults).containsOnlyKeys("catalog", "schema");
    assertThat(map(map(targets, "dev"), "variables").get("schema"))
        .isNotNull()
        .isNotEqualTo(defaults.get("schema"));

    // The bundle's jobs are the JSON jobs with the variables' defaults, but for the jar (the
    // bundle uploads its artifact).
    Map<String, Object> jobs = map(map(bundle, "resources"), "jobs");
    assertThat(jobs).containsOnlyKeys("tidemark_daily", "tidemark_backfill");
    for (String name : jobs.keySet()) {
      String text = strict.writeValueAsString(jobs.get(name));
      for (Map.Entry<String, String> variable : defaults.entrySet()) {
        text = text.replace("${var." + variable.getKey() + "}", variable.getValue());
      }
      assertThat(text).as(name).doesNotContain("${");
      CreateJob fromBundle = strict.readValue(text, CreateJob.class);
      CreateJob fromJson =
          strict.readValue(
              JOBS.resolve(name.replace('_', '-') + ".json").toFile(), CreateJob.class);
      List<Task> bundleTasks = new ArrayList<>(fromBundle.getTasks());
      List<Task> jsonTasks = new ArrayList<>(fromJson.getTasks());
      assertThat(bundleTasks)
          .extracting(Task::getLibraries)
          .allSatisfy(
              libraries ->
                  assertThat(libraries)
                      .extracting(Library::getJar)
                      .containsExactly("../../target/tidemark-databricks.jar"));
      bundleTasks.forEach(t -> t.setLibraries(null));
      jsonTasks.forEach(t -> t.setLibraries(null));
      assertThat(fromBundle.setTasks(bundleTasks)).as(name).isEqualTo(fromJson.setTasks(jsonTasks));
    }
  }

  @Test
  void theDatabricksProfileKeepsTablesInUnityCatalogAndFilesInAVolume() {
    TidemarkConfig config =
        ConfigLoader.load(new ConfigRequest(Path.of("conf"), "databricks", "orders", List.of()));

    assertThat(config.settings().controlSchema()).contains(List.of("main", "tidemark"));
    assertThat(config.pipeline().target()).hasToString("main.tidemark.orders");
    // Staging tables and run locks: files, under the warehouse volume.
    assertThat(config.settings().warehouse()).startsWith("/Volumes/main/tidemark/");
  }

  private static void assertIsTheEntryPoint(String mainClass) throws Exception {
    assertThat(mainClass).isEqualTo(DatabricksJob.class.getName());
    Method main = Class.forName(mainClass).getMethod("main", String[].class);
    assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()))
        .as(mainClass + ".main must be public static")
        .isTrue();
  }

  /** Parses (never runs) the arguments with Tidemark's command line: a typo fails here. */
  private static void assertParsesAsARun(List<String> args) {
    CommandLine.ParseResult parsed = CliArguments.parse(args);
    assertThat(parsed.commandSpec().name()).isEqualTo("run");
    assertThat(parsed.matchedOptionValue("--profile", "")).isEqualTo("databricks");
    assertThat(parsed.matchedOptionValue("--conf-dir", Path.of("")).toString())
        .startsWith("/Volumes/");
  }

  /** Replaces {{job.parameters.NAME}} by a sample value; NAME must be a parameter of the job. */
  private static List<String> withSampleValues(Collection<String> args, Set<String> jobParameters) {
    List<String> replaced = new ArrayList<>();
    for (String arg : args) {
      Matcher matcher = JOB_PARAMETER.matcher(arg);
      StringBuilder value = new StringBuilder();
      while (matcher.find()) {
        String name = matcher.group(1);
        assertThat(jobParameters).as("job parameters the arguments refer to").contains(name);
        String sample = SAMPLE_JOB_PARAMETERS.get(name);
        if (sample == null) {
          fail("No sample value for job parameter " + name + ": add one to SAMPLE_JOB_PARAMETERS");
        }
        matcher.appendReplacement(value, sample);
      }
      matcher.appendTail(value);
      assertThat(value.toString()).as("an unreplaced placeholder").doesNotContain("{{");
      replaced.add(value.toString());
    }
    return replaced;
  }

  private static void assertRuntimeMatchesThePom(ClusterSpec cluster) throws IOException {
    Matcher runtime = RUNTIME.matcher(cluster.getSparkVersion());
    assertThat(runtime.matches())
        .as("spark_version " + cluster.getSparkVersion() + " looks like 18.0.x-scala2.13")
        .isTrue();
    int major = Integer.parseInt(runtime.group(1));
    String spark = SPARK_OF_RUNTIME.get(major);
    if (spark == null) {
      fail(
          "Databricks Runtime "
              + major
              + " is not in SPARK_OF_RUNTIME: add its Apache Spark version from the runtime's"
              + " release notes");
    }
    String pom = Files.readString(Path.of("pom.xml"));
    assertThat(spark)
        .as("Spark of Databricks Runtime " + cluster.getSparkVersion() + " vs pom spark.version")
        .isEqualTo(majorMinor(pomProperty(pom, "spark.version")));
    assertThat(runtime.group(3)).isEqualTo(pomProperty(pom, "scala.binary.version"));
  }

  private static String pomProperty(String pom, String name) {
    Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    if (!matcher.find()) {
      fail("pom.xml has no property " + name);
    }
    return matcher.group(1).trim();
  }

  private static String majorMinor(String version) {
    String[] parts = version.split("\\.");
    return parts[0] + "." + parts[1];
  }

  private static Map<String, String> variableDefaults(Map<String, Object> bundle) {
    Map<String, String> defaults = new java.util.TreeMap<>();
    map(bundle, "variables")
        .forEach((name, variable) -> defaults.put(name, map(variable).get("default").toString()));
    return defaults;
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    return new Yaml().load(Files.readString(file));
  }

  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    assertThat(parent).containsKey(key);
    return map(parent.get(key));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static List<Object> list(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).isInstanceOf(List.class);
    return new ArrayList<>((List<?>) value);
  }
}

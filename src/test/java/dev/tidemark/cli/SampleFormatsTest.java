package dev.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate-sample --format --layout}: the same sample rows as CSV files, or as Avro files in
 * Kafka Connect's hourly layout, which a pipeline set to read them publishes and reconciles clean
 * against the sample's golden source (the JSON sample's own check), to the same target. All through
 * the CLI, as a user tries it.
 */
class SampleFormatsTest {
  private static final MutableClock CLOCK = MutableClock.at(LocalDate.of(2026, 1, 4));
  private static final String KAFKA_CONNECT = "year={yyyy}/month={MM}/day={dd}/hour={HH}";

  @TempDir Path csv;
  @TempDir Path avro;

  @Test
  void theSampleAsCsvOrAsHourlyAvroFromKafkaConnectPublishesTheGoldenState() throws IOException {
    Workspace plain = Workspace.create(csv);
    Cli.Result sample = generate(plain, "--format=csv");
    assertThat(files(plain))
        .containsOnly(
            "dt=2026-01-01/part-00000.csv",
            "dt=2026-01-01/part-00001.csv",
            "dt=2026-01-02/part-00000.csv",
            "dt=2026-01-02/part-00001.csv",
            "dt=2026-01-03/part-00000.csv",
            "dt=2026-01-03/part-00001.csv");
    assertThat(sample.out())
        .contains(
            "To read these files, set pipeline.source.format = csv and pipeline.source.options {"
                + " header = \"true\" } in conf/pipelines/orders.conf");
    List<String> fromCsv = published(plain, "format = csv, options { header = \"true\" }");
    assertThat(fromCsv).hasSizeGreaterThan(10);

    Workspace hourly = Workspace.create(avro);
    sample = generate(hourly, "--format=avro", "--layout=" + KAFKA_CONNECT);
    // Two files a day, spread over its hours, as the sink writes one file per hour and partition.
    assertThat(files(hourly))
        .contains(
            "year=2026/month=01/day=01/hour=00/part-00000.avro",
            "year=2026/month=01/day=01/hour=12/part-00001.avro",
            "year=2026/month=01/day=03/hour=12/part-00001.avro")
        .hasSize(6);
    assertThat(sample.out())
        .contains(
            "To read these files, set pipeline.source.format = avro and pipeline.source.layout = \""
                + KAFKA_CONNECT
                + "\" in conf/pipelines/orders.conf");

    assertThat(published(hourly, "format = avro, layout = \"" + KAFKA_CONNECT + "\""))
        .isEqualTo(fromCsv);
  }

  private static Cli.Result generate(Workspace ws, String... options) {
    String[] args = new String[4 + options.length];
    args[0] = "generate-sample";
    args[1] = "--out=" + ws.root.resolve("data");
    args[2] = "--days=3";
    args[3] = "--rows-per-day=40";
    System.arraycopy(options, 0, args, 4, options.length);
    Cli.Result sample = Cli.run(ws, CLOCK, args);
    assertThat(sample.exitCode()).as(sample.err()).isZero();
    return sample;
  }

  private static List<String> files(Workspace ws) throws IOException {
    try (Stream<Path> files = Files.walk(ws.raw)) {
      return files.filter(Files::isRegularFile).map(p -> ws.raw.relativize(p).toString()).toList();
    }
  }

  private static List<String> published(Workspace ws, String source) {
    ws.writePipeline(true, "  source { " + source + " }");
    Cli.Result run = Cli.run(ws, CLOCK, "run", "orders", "--from=2026-01-01", "--to=2026-01-03");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("0 missing, 0 extra, 0 mismatched");
    return Tables.target(ws.targetPath());
  }
}

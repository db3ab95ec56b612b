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
 * {@code generate-sample --format}: the same sample rows as CSV or ORC files, which a pipeline set
 * to that format publishes and reconciles clean against the sample's golden source (the JSON
 * sample's own check), to the same target.
 */
class SampleFormatsTest {
  private static final MutableClock CLOCK = MutableClock.at(LocalDate.of(2026, 1, 4));

  @TempDir Path csv;
  @TempDir Path orc;

  @Test
  void theSampleAsCsvOrOrcPublishesTheGoldenState() throws IOException {
    List<String> fromCsv = published(Workspace.create(csv), "csv", "options { header = \"true\" }");
    assertThat(fromCsv).hasSizeGreaterThan(10);

    assertThat(published(Workspace.create(orc), "orc", "")).isEqualTo(fromCsv);
  }

  private static List<String> published(Workspace ws, String format, String options)
      throws IOException {
    Cli.Result sample =
        Cli.run(
            ws,
            CLOCK,
            "generate-sample",
            "--out=" + ws.root.resolve("data"),
            "--days=3",
            "--rows-per-day=40",
            "--format=" + format);
    assertThat(sample.exitCode()).as(sample.err()).isZero();
    try (Stream<Path> files = Files.walk(ws.raw)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .as("one %s file for each JSON file, under its part name", format)
          .containsOnly("part-00000." + format, "part-00001." + format);
    }
    assertThat(sample.out())
        .contains(
            "set pipeline.source.format = "
                + format
                + (format.equals("csv")
                    ? " and pipeline.source.options { header = \"true\" }"
                    : " in"));
    ws.writePipeline(
        true, "  source { format = " + format + (options.isEmpty() ? "" : ", " + options) + " }");
    Cli.Result run = Cli.run(ws, CLOCK, "run", "orders", "--from=2026-01-01", "--to=2026-01-03");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("0 missing, 0 extra, 0 mismatched");
    return Tables.target(ws.targetPath());
  }
}

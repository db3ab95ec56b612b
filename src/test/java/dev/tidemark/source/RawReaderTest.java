package dev.tidemark.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.config.DataFormat;
import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.transform.Columns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every configured format comes out of extract the same way: good rows, and marked bad ones. */
class RawReaderTest {
  private static final StructType SCHEMA =
      StructType.fromDDL("id STRING, amount INT, ts TIMESTAMP");

  @TempDir Path dir;

  private static SourceFile file(Path path) throws IOException {
    return new SourceFile(
        "file:" + path, Files.size(path), Files.getLastModifiedTime(path).toMillis());
  }

  private static List<Row> read(DataFormat format, Map<String, String> options, Path file)
      throws IOException {
    SourceConfig source =
        new SourceConfig(
            file.getParent().getParent().toString(),
            format,
            SCHEMA,
            options,
            dev.tidemark.config.LandingLayout.flat("dt="));
    return RawReader.read(TestSpark.session(), source, List.of("id"), List.of(file(file)))
        .select(
            "id",
            "amount",
            Columns.LANDING_DATE,
            Columns.SOURCE_FILE,
            Columns.REJECT_REASON,
            Columns.RAW)
        .orderBy(Columns.RAW, "id")
        .collectAsList();
  }

  @Test
  void csvWithAHeaderReadsGoodRowsAndMarksBadOnes() throws IOException {
    Path file = dir.resolve("dt=2026-01-02/part-0.csv");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "id,amount,ts\na,1,2026-01-02T10:00:00Z\nb,not-a-number,2026-01-02T10:00:00Z\n,3,2026-01-02T10:00:00Z\n");

    List<Row> rows = read(DataFormat.CSV, Map.of("header", "true"), file);

    assertThat(rows).hasSize(3);
    Row good = rows.get(0);
    assertThat(good.getString(0)).isEqualTo("a");
    assertThat(good.getInt(1)).isEqualTo(1);
    assertThat(good.get(2).toString()).isEqualTo("2026-01-02");
    assertThat(good.getString(3)).endsWith("dt=2026-01-02/part-0.csv");
    assertThat(good.isNullAt(4)).isTrue();
    // Sorted by raw text: the parsed row written back as CSV (a replay parses it as a line), then
    // the line as it was.
    assertThat(rows.get(1).getString(4)).startsWith("missing key: id");
    assertThat(rows.get(1).getString(5)).isEqualTo(",3,2026-01-02T10:00:00.000Z");
    assertThat(rows.get(2).getString(4))
        .startsWith("field amount: 'not-a-number' is not an INT (a whole number in its range)");
    assertThat(rows.get(2).getString(5)).isEqualTo("b,not-a-number,2026-01-02T10:00:00Z");
  }

  /** Self-describing files: columns found by name, whatever their order in the file. */
  @ParameterizedTest
  @ValueSource(strings = {"parquet", "orc", "avro"})
  void aSelfDescribingFileIsReadByColumnName(String format) throws IOException {
    Path folder = dir.resolve("dt=2026-01-03");
    TestSpark.session()
        .createDataFrame(
            List.of(RowFactory.create(java.sql.Timestamp.valueOf("2026-01-03 10:00:00"), 7, "p")),
            StructType.fromDDL("ts TIMESTAMP, amount INT, id STRING"))
        .coalesce(1)
        .write()
        .format(format)
        .save(folder.resolve("tmp").toString());
    Path file;
    try (var files = Files.list(folder.resolve("tmp"))) {
      file = files.filter(f -> f.toString().endsWith("." + format)).findFirst().orElseThrow();
    }
    Path moved = Files.move(file, folder.resolve("part-0." + format));

    List<Row> rows =
        read(DataFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT)), Map.of(), moved);

    assertThat(rows)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getString(0)).isEqualTo("p");
              assertThat(r.getInt(1)).isEqualTo(7);
              assertThat(r.get(2).toString()).isEqualTo("2026-01-03");
              assertThat(r.isNullAt(4)).isTrue();
            });
  }

  /**
   * Compressed JSON Lines and CSV, by their name's extension as Hadoop's codecs know it: the same
   * good rows and the same quarantined line, with its text, as uncompressed files.
   */
  @ParameterizedTest
  @ValueSource(strings = {"json.gz", "json.bz2", "csv.gz", "csv.bz2"})
  void compressedTextFilesAreReadAndTheirBadLinesQuarantinedAsPlainOnes(String extension)
      throws IOException {
    boolean json = extension.startsWith("json");
    String text =
        json
            ? "{\"id\":\"a\",\"amount\":1,\"ts\":\"2026-01-04T10:00:00Z\"}\n{\"id\":\"b\",\"amount\":\n"
            : "id,amount,ts\na,1,2026-01-04T10:00:00Z\nb,x,2026-01-04T10:00:00Z\n";
    Path file = dir.resolve("dt=2026-01-04/part-0." + extension);
    Files.createDirectories(file.getParent());
    try (java.io.OutputStream out = compress(extension, Files.newOutputStream(file))) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    List<Row> rows =
        read(
            json ? DataFormat.JSON : DataFormat.CSV,
            json ? Map.of() : Map.of("header", "true"),
            file);

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getString(0)).isEqualTo("a");
    assertThat(rows.get(0).getInt(1)).isEqualTo(1);
    assertThat(rows.get(0).isNullAt(4)).isTrue();
    assertThat(rows.get(1).isNullAt(4)).as("the bad line is marked").isFalse();
    assertThat(rows.get(1).getString(5))
        .isEqualTo(json ? "{\"id\":\"b\",\"amount\":" : "b,x,2026-01-04T10:00:00Z");
  }

  private static java.io.OutputStream compress(String extension, java.io.OutputStream out)
      throws IOException {
    return extension.endsWith(".gz")
        ? new java.util.zip.GZIPOutputStream(out)
        : new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(out);
  }

  /** As some exporters write JSON: one array of records per file, read with multiLine. */
  @Test
  void aJsonArrayFileIsReadRecordByRecordWithMultiLine() throws IOException {
    Path file = dir.resolve("dt=2026-01-06/export.json");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "[\n  {\"id\": \"a\", \"amount\": 1, \"ts\": \"2026-01-06T10:00:00Z\"},\n"
            + "  {\"id\": \"b\",\n   \"amount\": 2, \"ts\": \"2026-01-06T11:00:00Z\"}\n]\n");

    List<Row> rows = read(DataFormat.JSON, Map.of("multiLine", "true"), file);

    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("a", "b");
    assertThat(rows).extracting(r -> r.getInt(1)).containsExactly(1, 2);
    assertThat(rows).allSatisfy(r -> assertThat(r.isNullAt(4)).as("not rejected").isTrue());
  }
}

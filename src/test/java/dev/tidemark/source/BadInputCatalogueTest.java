package dev.tidemark.source;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.config.LandingLayout;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderLister;
import dev.tidemark.plan.LandingFolder;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.stage.Stager;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import dev.tidemark.transform.Columns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue of bad inputs: each case ends in quarantine rows whose reason says what is wrong
 * and what to do, or in an error naming the file; none crashes without a message and none loses a
 * row (rows read = rows staged + rows quarantined + older versions and copies removed). Cases call
 * extract and dedup directly on real files, without a pipeline run, to stay fast.
 */
class BadInputCatalogueTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 1);
  private static final String CSV_HEADER =
      "order_id,customer_id,order_date,status,amount,currency,updated_at,version";

  @TempDir static Path dir;
  private static Workspace ws;
  private static PipelineConfig json;
  private static PipelineConfig csv;
  private static PipelineConfig csvWithoutHeader;

  @BeforeAll
  static void configure() {
    ws = Workspace.create(dir, false);
    json = ws.config().pipeline();
    ws.writePipeline(false, "  source { format = csv, options { header = \"true\" } }");
    csv = ws.config().pipeline();
    ws.writePipeline(false, "  source { format = csv }");
    csvWithoutHeader = ws.config().pipeline();
  }

  /** What extract and dedup made of some files: counts from the pass itself, and the rows. */
  private record Outcome(long read, long quarantined, List<Row> staged, List<Row> rejected) {
    List<String> reasons() {
      return rejected.stream().map(r -> r.<String>getAs(Columns.REJECT_REASON)).toList();
    }

    List<String> keys() {
      return staged.stream().map(r -> r.<String>getAs("order_id")).sorted().toList();
    }
  }

  private static Outcome extract(PipelineConfig pipeline, Path... files) {
    List<SourceFile> sources = Arrays.stream(files).map(BadInputCatalogueTest::source).toList();
    return extract(pipeline, sources);
  }

  private static Outcome extract(PipelineConfig pipeline, List<SourceFile> files) {
    Observation read = new Observation("catalogue");
    List<Row> rows =
        Stager.dedupedBatch(
                TestSpark.session(),
                pipeline,
                files,
                read,
                dev.tidemark.transform.RowHash.Version.CURRENT)
            .collectAsList();
    Map<String, Object> counts = Stager.metrics(read);
    List<Row> rejected = rows.stream().filter(r -> r.getAs(Columns.REJECT_REASON) != null).toList();
    List<Row> staged = rows.stream().filter(r -> r.getAs(Columns.REJECT_REASON) == null).toList();
    Outcome outcome =
        new Outcome(
            Stager.count(counts, "rows_read"),
            Stager.count(counts, "rows_quarantined"),
            staged,
            rejected);
    assertThat(outcome.rejected()).hasSize((int) outcome.quarantined());
    return outcome;
  }

  private static SourceFile source(Path file) {
    try {
      return new SourceFile(
          "file:" + file, Files.size(file), Files.getLastModifiedTime(file).toMillis());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve("data/raw/orders/dt=" + DAY).resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  private static Path write(String name, String... lines) throws IOException {
    return write(name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static String csvRow(String id, String amount, String updatedAt) {
    return id + ",CUST-1,2026-01-01,created," + amount + ",EUR," + updatedAt + ",1";
  }

  private static String good(String id) {
    return order(id, DAY, "created", "10.00", "2026-01-01T10:00:00Z", 1);
  }

  @Test
  void anEmptyFileHasNoRowsAndFailsNothing() throws IOException {
    Outcome outcome =
        extract(json, write("empty.json", "", "  ", ""), write("other.json", good("ORD-1")));

    assertThat(outcome.read()).isEqualTo(1);
    assertThat(outcome.keys()).containsExactly("ORD-1");
  }

  @Test
  void aZeroByteFileHasNoRowsAndFailsNothing() throws IOException {
    Outcome outcome =
        extract(csv, write("zero.csv", new byte[0]), write("header-only.csv", CSV_HEADER));

    assertThat(outcome.read()).isZero();
    assertThat(outcome.rejected()).isEmpty();
  }

  @Test
  void aTruncatedGzipStopsTheRunNamingTheFile() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < 2000; i++) {
        gzip.write((good("ORD-" + i) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] whole = bytes.toByteArray();
    Path file = write("cut.json.gz", Arrays.copyOf(whole, whole.length / 2));
    String staging = dir.resolve("staging-gzip").toString();

    assertThatThrownBy(
            () ->
                Stager.stage(
                    TestSpark.session(),
                    json,
                    List.of(source(file)),
                    staging,
                    dev.tidemark.transform.RowHash.Version.CURRENT))
        .hasMessageStartingWith("Cannot read raw file ")
        .hasMessageContaining("cut.json.gz")
        .hasMessageContaining("Deliver the file again");
  }

  @Test
  void binaryGarbageIsQuarantinedLineByLineAsNotText() throws IOException {
    byte[] garbage = new byte[4000];
    new Random(7).nextBytes(garbage);

    Outcome outcome = extract(json, write("garbage.json", garbage));

    assertThat(outcome.read()).isPositive();
    assertThat(outcome.quarantined()).isEqualTo(outcome.read());
    assertThat(outcome.reasons())
        .allSatisfy(
            reason ->
                assertThat(reason)
                    .matches(
                        "line is not JSON text \\(invalid UTF-8 or control characters\\).*"
                            + "|line is not a JSON object.*"));
    assertThat(outcome.reasons()).anyMatch(reason -> reason.startsWith("line is not JSON text"));
  }

  @Test
  void aVeryLongLineIsReadWholeOrQuarantinedWhole() throws IOException {
    String longValue = "x".repeat(1_000_000);
    String longGood =
        order("ORD-LONG", DAY, "created", "1.00", "2026-01-01T10:00:00Z", 1)
            .replace("CUST-00001", longValue);
    String longBroken = "{\"order_id\":\"ORD-BROKEN\",\"status\":\"" + longValue;

    Outcome outcome = extract(json, write("long.json", longGood, longBroken));

    assertThat(outcome.read()).isEqualTo(2);
    assertThat(outcome.staged())
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs("customer_id")).hasSize(1_000_000));
    assertThat(outcome.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.<String>getAs(Columns.RAW)).isEqualTo(longBroken);
              assertThat(r.<String>getAs(Columns.REJECT_REASON))
                  .startsWith("line is not a JSON object (truncated, or not JSON)");
            });
  }

  @Test
  void aWrongCsvDelimiterStopsARunWithAHeaderAndIsQuarantinedLineByLineWithout()
      throws IOException {
    String line = csvRow("ORD-1", "1.00", "2026-01-01T10:00:00Z").replace(',', ';');
    Path withHeader = write("semicolons.csv", CSV_HEADER.replace(',', ';'), line);
    Path without = write("semicolons-no-header.csv", line, line.replace("ORD-1", "ORD-2"));

    // With a header, the whole header is one column the schema does not declare.
    assertThatThrownBy(
            () -> SchemaDrift.check(TestSpark.session(), csv, List.of(source(withHeader))))
        .isInstanceOf(SchemaDriftException.class)
        .hasMessageContaining("semicolons.csv")
        .hasMessageContaining("order_id;customer_id");
    Outcome outcome = extract(csvWithoutHeader, without);
    assertThat(outcome.read()).isEqualTo(2);
    assertThat(outcome.quarantined()).isEqualTo(2);
    assertThat(outcome.reasons())
        .containsOnly(
            "line has fewer fields than the 8 columns of pipeline.source.schema when split at"
                + " ',': it holds other separators; is pipeline.source.options.sep right?");
  }

  @Test
  void aCsvLineWithMoreFieldsThanTheSchemaIsQuarantined() throws IOException {
    Outcome outcome =
        extract(
            csv,
            write(
                "wide.csv",
                CSV_HEADER,
                csvRow("ORD-1", "1.00", "2026-01-01T10:00:00Z") + ",surplus",
                csvRow("ORD-2", "2.00", "2026-01-01T10:00:00Z")));

    assertThat(outcome.keys()).containsExactly("ORD-2");
    assertThat(outcome.reasons())
        .containsExactly(
            "line has more fields than the 8 columns of pipeline.source.schema (separator ',');"
                + " check pipeline.source.options.sep and the schema");
  }

  @Test
  void aUtf8ByteOrderMarkIsNotPartOfTheFirstKey() throws IOException {
    Outcome fromJson = extract(json, write("bom.json", "\uFEFF" + good("ORD-1"), good("ORD-2")));
    Outcome fromCsv =
        extract(
            csv,
            write(
                "bom.csv", "\uFEFF" + CSV_HEADER, csvRow("ORD-3", "1.00", "2026-01-01T10:00:00Z")));

    assertThat(fromJson.keys()).containsExactly("ORD-1", "ORD-2");
    assertThat(fromCsv.keys()).containsExactly("ORD-3");
    assertThat(fromJson.quarantined() + fromCsv.quarantined()).isZero();
  }

  @Test
  void aCsvHeaderNamingAColumnTwiceStopsTheRunNamingFileAndColumn() throws IOException {
    Path file =
        write(
            "twice.csv",
            CSV_HEADER.replace("currency", "amount"),
            csvRow("ORD-1", "1.00", "2026-01-01T10:00:00Z"));

    assertThatThrownBy(() -> extract(csv, file))
        .hasMessageStartingWith("Cannot read file:" + file)
        .hasMessageContaining("its CSV header names column 'amount' twice")
        .hasMessageContaining("rerun its landing date");
  }

  @Test
  void keysWithSurroundingSpacesAreTrimmedByDefault() throws IOException {
    Outcome outcome =
        extract(
            json,
            write(
                "spaces.json",
                order(" ORD-1 ", DAY, "created", "1.00", "2026-01-01T10:00:00Z", 1),
                order("ORD-1", DAY, "paid", "1.00", "2026-01-01T11:00:00Z", 2),
                order("\\tORD-2 ", DAY, "created", "1.00", "2026-01-01T10:00:00Z", 1)));

    assertThat(outcome.read()).isEqualTo(3);
    assertThat(outcome.keys()).containsExactly("ORD-1", "ORD-2");
    assertThat(outcome.staged())
        .filteredOn(r -> r.getAs("order_id").equals("ORD-1"))
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs("status")).isEqualTo("paid"));
  }

  @Test
  void keysOfOnlyWhiteSpaceAreMissingKeysWhateverTheNormalisation() throws IOException {
    Path file =
        write(
            "blank-keys.json",
            order("ORD-1", DAY, "created", "1.00", "2026-01-01T10:00:00Z", 1),
            order(" \\t ", DAY, "created", "1.00", "2026-01-01T10:00:00Z", 1),
            order("\\n", DAY, "created", "1.00", "2026-01-01T10:00:00Z", 1));
    ws.writePipeline(false, "  key-normalisation { trim = false }");
    PipelineConfig untrimmed = ws.config().pipeline();
    ws.writePipeline(false, "  key-normalisation { case = lower }");
    PipelineConfig lower = ws.config().pipeline();

    // A key that is only blanks is missing whether or not the source trims keys, and whatever
    // case it changes them to.
    for (PipelineConfig pipeline : List.of(json, untrimmed, lower)) {
      Outcome outcome = extract(pipeline, file);
      String normalisation = pipeline.source().keyNormalisation().toString();
      assertThat(outcome.read()).as(normalisation).isEqualTo(3);
      assertThat(outcome.quarantined()).as(normalisation).isEqualTo(2);
      assertThat(outcome.reasons())
          .as(normalisation)
          .hasSize(2)
          .allMatch(reason -> reason.startsWith("missing key: order_id is NULL or blank"));
    }
    assertThat(extract(lower, file).keys()).containsExactly("ord-1");
  }

  @Test
  void keysInAnotherCaseAreOneKeyOnlyWhenNormalisationSaysSo() throws IOException {
    Path file =
        write(
            "case.json",
            order("ord-1", DAY, "created", "1.00", "2026-01-01T10:00:00Z", 1),
            order("ORD-1", DAY, "paid", "1.00", "2026-01-01T11:00:00Z", 2));
    ws.writePipeline(false, "  key-normalisation { case = upper }");
    PipelineConfig upper = ws.config().pipeline();

    assertThat(extract(json, file).keys()).containsExactly("ORD-1", "ord-1");
    Outcome normalised = extract(upper, file);
    assertThat(normalised.read()).isEqualTo(2);
    assertThat(normalised.keys()).containsExactly("ORD-1");
  }

  @Test
  void timestampsWithAZoneAreReadAsThatInstant() throws IOException {
    Outcome outcome =
        extract(
            json,
            write(
                "zoned.json",
                order("ORD-1", DAY, "created", "1.00", "2026-01-01T10:00:00+02:00", 1),
                order("ORD-2", DAY, "created", "1.00", "2026-01-01T10:00:00Z", 1),
                order("ORD-3", DAY, "created", "1.00", "2026-01-01T10:00:00.123-05:30", 1)));

    assertThat(instants(outcome))
        .containsExactly(
            "ORD-1=2026-01-01T08:00:00Z",
            "ORD-2=2026-01-01T10:00:00Z",
            "ORD-3=2026-01-01T15:30:00.123Z");
  }

  @Test
  void timestampsWithoutAZoneAreReadInTheSessionTimeZone() throws IOException {
    Outcome outcome =
        extract(
            json,
            write(
                "local.json",
                order("ORD-1", DAY, "created", "1.00", "2026-01-01T10:00:00", 1),
                order("ORD-2", DAY, "created", "1.00", "2026-01-01 10:00:00", 1)));

    assertThat(TestSpark.session().conf().get("spark.sql.session.timeZone")).isEqualTo("UTC");
    assertThat(instants(outcome))
        .containsExactly("ORD-1=2026-01-01T10:00:00Z", "ORD-2=2026-01-01T10:00:00Z");
  }

  @Test
  void valuesThatDoNotParseNameTheirFieldValueAndType() throws IOException {
    Outcome outcome =
        extract(
            json,
            write(
                "values.json",
                order("ORD-1", DAY, "created", "\"abc\"", "2026-01-01T10:00:00Z", 1),
                order("ORD-2", DAY, "created", "1.00", "01/02/2026 10:00", 1),
                order("ORD-3", DAY, "created", "1.00", "2026-01-01T10:00:00Z", 1)
                    .replace("\"order_date\":\"2026-01-01\"", "\"order_date\":\"2026-13-01\""),
                order("ORD-4", DAY, "created", "123456789012.5", "2026-01-01T10:00:00Z", 1),
                order("ORD-5", DAY, "created", "1.00", "2026-01-01T10:00:00Z", 1)
                    .replace("\"version\":1", "\"version\":\"one\"")));

    assertThat(outcome.read()).isEqualTo(5);
    assertThat(outcome.reasons())
        .map(reason -> reason.substring(0, reason.indexOf(" (")))
        .containsExactlyInAnyOrder(
            "field amount: 'abc' is not a DECIMAL(12,2)",
            "field updated_at: '01/02/2026 10:00' is not a TIMESTAMP",
            "field order_date: '2026-13-01' is not a DATE",
            // As written, not as the double Spark reads a JSON number as (1.234567890125E11).
            "field amount: '123456789012.5' is not a DECIMAL(12,2)",
            "field version: 'one' is not an INT");
    assertThat(outcome.reasons()).allMatch(r -> r.contains("`tidemark quarantine replay`"));
  }

  @Test
  void decimalsWithMoreDigitsThanTheScaleAreQuarantinedAsWrittenUnlessRoundingIsWanted()
      throws IOException {
    Path file =
        write(
            "scale.json",
            order("ORD-1", DAY, "created", "1.005", "2026-01-01T10:00:00Z", 1),
            order("ORD-2", DAY, "created", "0.0000001", "2026-01-01T10:00:00Z", 1),
            order("ORD-3", DAY, "created", "1.50", "2026-01-01T10:00:00Z", 1),
            order("ORD-4", DAY, "created", "1.500000", "2026-01-01T10:00:00Z", 1),
            order("ORD-5", DAY, "created", "\"2.125\"", "2026-01-01T10:00:00Z", 1));
    Outcome outcome = extract(json, file);

    assertThat(outcome.read()).isEqualTo(5);
    assertThat(outcome.staged())
        .extracting(r -> r.getAs("order_id") + "=" + r.getAs("amount"))
        .containsExactlyInAnyOrder("ORD-3=1.50", "ORD-4=1.50");
    assertThat(outcome.reasons())
        .containsExactlyInAnyOrder(
            "field amount: '1.005' has more digits after the point than the 2 of DECIMAL(12,2); it"
                + " would be stored rounded as 1.01. Fix the file and rerun its landing date, or"
                + " set pipeline.source.decimal-rounding = round to store such values rounded and"
                + " run `tidemark quarantine replay`",
            "field amount: '0.0000001' has more digits after the point than the 2 of"
                + " DECIMAL(12,2); it would be stored rounded as 0.00. Fix the file and rerun its"
                + " landing date, or set pipeline.source.decimal-rounding = round to store such"
                + " values rounded and run `tidemark quarantine replay`",
            "field amount: '2.125' has more digits after the point than the 2 of DECIMAL(12,2); it"
                + " would be stored rounded as 2.13. Fix the file and rerun its landing date, or"
                + " set pipeline.source.decimal-rounding = round to store such values rounded and"
                + " run `tidemark quarantine replay`");
    // The raw text keeps the value as written, so a replay sees it as the file had it.
    assertThat(outcome.rejected())
        .extracting(r -> r.<String>getAs(Columns.RAW).replaceAll(".*(\"amount\":[^,]*),.*", "$1"))
        .containsExactlyInAnyOrder("\"amount\":1.005", "\"amount\":0.0000001", "\"amount\":2.125");
    List<Row> replayed =
        Extract.parseText(
                TestSpark.session()
                    .createDataFrame(outcome.rejected(), outcome.rejected().get(0).schema())
                    .selectExpr(
                        Columns.RAW + " AS raw",
                        Columns.SOURCE_FILE + " AS source_file",
                        Columns.LANDING_DATE + " AS landing_date",
                        "true AS " + Extract.IN_SCHEMA_ORDER),
                json.source(),
                json.keys())
            .collectAsList();
    assertThat(replayed)
        .extracting(r -> r.<String>getAs(Columns.REJECT_REASON))
        .containsExactlyInAnyOrderElementsOf(outcome.reasons());

    ws.writePipeline(false, "  source { decimal-rounding = round }");
    PipelineConfig rounding = ws.config().pipeline();
    ws.writePipeline(false, "");
    Outcome rounded = extract(rounding, file);
    assertThat(rounded.rejected()).isEmpty();
    assertThat(rounded.staged())
        .extracting(r -> r.getAs("order_id") + "=" + r.getAs("amount"))
        .containsExactlyInAnyOrder(
            "ORD-1=1.01", "ORD-2=0.00", "ORD-3=1.50", "ORD-4=1.50", "ORD-5=2.13");
  }

  @Test
  void aJsonObjectWithAFieldTwiceIsQuarantinedNamingTheField() throws IOException {
    String twice =
        order("ORD-2", DAY, "created", "1.00", "2026-01-01T10:00:00Z", 1)
            .replace("\"status\":\"created\"", "\"status\":\"created\",\"status\":\"paid\"");
    Outcome outcome =
        extract(
            json,
            write("twice.json", good("ORD-1"), "", twice, good("ORD-3")),
            write("other.json", good("ORD-4")));

    assertThat(outcome.read()).isEqualTo(4);
    assertThat(outcome.keys()).containsExactly("ORD-1", "ORD-3", "ORD-4");
    assertThat(outcome.reasons())
        .containsExactly(
            "field status appears twice in the JSON object: which value would be kept is"
                + " undefined. Fix the file and rerun its landing date");
    assertThat(outcome.rejected())
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs(Columns.RAW)).isEqualTo(twice))
        .satisfies(r -> assertThat(r.<String>getAs(Columns.SOURCE_FILE)).endsWith("twice.json"))
        .satisfies(r -> assertThat(r.isNullAt(r.fieldIndex(Columns.LANDING_DATE))).isFalse());
    // A replay of the line finds the same fault.
    List<Row> replayed =
        Extract.parseText(
                TestSpark.session()
                    .createDataFrame(outcome.rejected(), outcome.rejected().get(0).schema())
                    .selectExpr(
                        Columns.RAW + " AS raw",
                        Columns.SOURCE_FILE + " AS source_file",
                        Columns.LANDING_DATE + " AS landing_date",
                        "true AS " + Extract.IN_SCHEMA_ORDER),
                json.source(),
                json.keys())
            .collectAsList();
    assertThat(replayed)
        .extracting(r -> r.<String>getAs(Columns.REJECT_REASON))
        .containsExactlyElementsOf(outcome.reasons());
    // However the plan spells the file's path, each line is read once.
    Path file = dir.resolve("data/raw/orders/dt=" + DAY).resolve("twice.json");
    Outcome spelled =
        extract(
            json,
            List.of(
                new SourceFile(
                    "file://" + file,
                    Files.size(file),
                    Files.getLastModifiedTime(file).toMillis())));
    assertThat(spelled.read()).isEqualTo(3);
    assertThat(spelled.reasons()).containsExactlyElementsOf(outcome.reasons());
  }

  @Test
  void underMultiLineAFieldTwiceStopsTheRunNamingFileAndField() throws IOException {
    ws.writePipeline(false, "  source { options { multiLine = \"true\" } }");
    PipelineConfig multiLine = ws.config().pipeline();
    ws.writePipeline(false, "");
    Path file =
        write(
            "multi.json",
            "[" + good("ORD-1") + ",",
            good("ORD-2").replace("\"version\":1", "\"version\":1,\"version\":2") + "]");

    assertThatThrownBy(() -> extract(multiLine, file))
        .hasMessageContainingAll("multi.json", "holds the field version twice");
  }

  @Test
  void fieldsRepeatedOnlyInsideANestedObjectAreNotTopLevelColumns() {
    com.fasterxml.jackson.core.JsonFactory factory = JsonKindScan.factory(Map.of());
    assertThat(JsonDuplicateKeys.firstRepeated(factory, "{\"a\":{\"x\":1,\"x\":2},\"b\":1}"))
        .isNull();
    assertThat(JsonDuplicateKeys.firstRepeated(factory, "{\"a\":1,\"b\":[1,2],\"a\":3}"))
        .isEqualTo("a");
    assertThat(JsonDuplicateKeys.firstRepeated(factory, "[{\"a\":1},{\"b\":1,\"b\":2}]"))
        .isEqualTo("b");
    assertThat(JsonDuplicateKeys.firstRepeated(factory, "{\"a\":1,\"a\"")).isNull();
  }

  @Test
  void csvDecimalsWithMoreDigitsThanTheScaleAreQuarantinedAsWritten() throws IOException {
    Outcome outcome =
        extract(
            csv,
            write(
                "scale.csv",
                CSV_HEADER,
                csvRow("ORD-1", "1.005", "2026-01-01T10:00:00Z"),
                csvRow("ORD-2", "1.50", "2026-01-01T10:00:00Z")));

    assertThat(outcome.keys()).containsExactly("ORD-2");
    assertThat(outcome.reasons())
        .singleElement()
        .asString()
        .startsWith(
            "field amount: '1.005' has more digits after the point than the 2 of DECIMAL(12,2);"
                + " it would be stored rounded as 1.01.");
    assertThat(outcome.rejected())
        .singleElement()
        .extracting(r -> r.<String>getAs(Columns.RAW))
        .asString()
        .contains(",1.005,");
  }

  @Test
  void csvValuesThatDoNotParseNameTheirField() throws IOException {
    Outcome outcome =
        extract(
            csv,
            write(
                "values.csv",
                CSV_HEADER,
                csvRow("ORD-1", "1,5", "2026-01-01T10:00:00Z"),
                csvRow("ORD-2", "1.50", "soon")));

    assertThat(outcome.reasons())
        .map(reason -> reason.substring(0, reason.indexOf(" (")))
        .containsExactlyInAnyOrder(
            "line has more fields than the 8 columns of pipeline.source.schema",
            "field updated_at: 'soon' is not a TIMESTAMP");
  }

  @Test
  void rowsInAFolderWhoseNameIsNotAValidDateAreQuarantinedNamingTheFolder() throws IOException {
    Path root = dir.resolve("strays");
    writeTo(root.resolve("dt=2026-02-28/a.json"), good("ORD-1"));
    writeTo(root.resolve("dt=2026-02-30/b.json"), good("ORD-2"));
    writeTo(root.resolve("dt=2026-2-5/c.json"), good("ORD-3"));
    writeTo(root.resolve("dt=2026-03-30/d.json"), good("ORD-4")); // out of range: not listed
    FolderLister lister =
        new FolderLister(TestSpark.session().sparkContext().hadoopConfiguration());

    List<LandingFolder> folders =
        lister.list(
            root.toString(),
            LandingLayout.flat("dt="),
            new DateRange(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28)));
    List<SourceFile> files = folders.stream().flatMap(f -> f.files().stream()).toList();
    Outcome outcome = extract(json, files);

    assertThat(files)
        .extracting(f -> f.path().replaceAll(".*/(dt=[^/]+/.*)", "$1"))
        .containsExactlyInAnyOrder(
            "dt=2026-02-28/a.json", "dt=2026-02-30/b.json", "dt=2026-2-5/c.json");
    assertThat(folders.stream().filter(f -> !f.isEmpty()).map(f -> f.date().toString()))
        .containsExactly("2026-02-05", "2026-02-28");
    // Status compares the ledger with every folder: the misnamed ones count with the same date.
    assertThat(lister.listAll(root.toString(), LandingLayout.flat("dt=")))
        .filteredOn(f -> f.date().equals(LocalDate.of(2026, 2, 28)))
        .singleElement()
        .extracting(LandingFolder::fingerprint)
        .isEqualTo(folders.get(folders.size() - 1).fingerprint());
    assertThat(outcome.read()).isEqualTo(3);
    assertThat(outcome.keys()).containsExactly("ORD-1");
    assertThat(outcome.reasons())
        .containsExactlyInAnyOrder(
            "folder 'dt=2026-02-30' is not a landing date (dt=YYYY-MM-DD): move its files into"
                + " the right dt=YYYY-MM-DD folder and run that landing date",
            "folder 'dt=2026-2-5' is not a landing date (dt=YYYY-MM-DD): move its files into"
                + " the right dt=YYYY-MM-DD folder and run that landing date");
    assertThat(outcome.rejected())
        .allSatisfy(r -> assertThat(r.isNullAt(r.fieldIndex(Columns.LANDING_DATE))).isTrue());
  }

  private static void writeTo(Path file, String line) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, line + "\n");
  }

  private static List<String> instants(Outcome outcome) {
    assertThat(outcome.rejected()).isEmpty();
    return outcome.staged().stream()
        .map(
            r ->
                r.getAs("order_id")
                    + "="
                    + ((java.sql.Timestamp) r.getAs("updated_at")).toInstant())
        .sorted()
        .toList();
  }
}

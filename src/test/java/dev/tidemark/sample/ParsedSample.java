package dev.tidemark.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The written sample read back with a strict line parser, independent of the generator's code: a
 * row that does not match the exact field layout fails the test right here.
 */
record ParsedSample(List<RawRow> raw, List<GoldenRow> golden, List<LocalDate> landingDates) {

  private static final String ORDER_FIELDS =
      "\\{\"order_id\":\"(ORD-\\d{8})\",\"customer_id\":\"(CUST-\\d{5})\","
          + "\"order_date\":\"(\\d{4}-\\d{2}-\\d{2})\","
          + "\"status\":\"(created|paid|shipped|delivered|cancelled)\","
          + "\"amount\":(\\d{1,4}\\.\\d{2}),\"currency\":\"(EUR|USD|GBP)\","
          + "\"updated_at\":\"(\\d{4}-\\d{2}-\\d{2})T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\","
          + "\"version\":([1-9]\\d*)";
  private static final Pattern RAW = Pattern.compile("(" + ORDER_FIELDS + ")\\}");
  private static final Pattern GOLDEN =
      Pattern.compile(
          "("
              + ORDER_FIELDS
              + "),\"valid_from\":\"(\\d{4}-\\d{2}-\\d{2})\","
              + "\"valid_to\":(?:null|\"(\\d{4}-\\d{2}-\\d{2})\")\\}");
  private static final Pattern TIMESTAMP = Pattern.compile("\"updated_at\":\"([^\"]+)\"");

  /**
   * One raw line. {@code state} is the line without its closing brace: the 8 order fields, which a
   * golden row must repeat exactly. {@code file} and {@code lineNo} locate it.
   */
  record RawRow(
      String line,
      String state,
      LocalDate landing,
      String file,
      int lineNo,
      String orderId,
      String customerId,
      LocalDate orderDate,
      String status,
      String amount,
      String currency,
      String updatedAt,
      LocalDate eventDate,
      int version) {

    /** True when this row is newer than {@code other} by (updated_at, version). */
    boolean newerThan(RawRow other) {
      int byTime = updatedAt.compareTo(other.updatedAt); // fixed-width ISO text sorts by time
      return byTime != 0 ? byTime > 0 : version > other.version;
    }
  }

  /** One golden line; {@code validTo} is null while still current. */
  record GoldenRow(
      String line, String state, String orderId, LocalDate validFrom, LocalDate validTo) {}

  static ParsedSample read(Path rawDir, Path goldenDir) throws IOException {
    List<RawRow> raw = new ArrayList<>();
    List<LocalDate> landingDates = new ArrayList<>();
    for (Path folder : sorted(rawDir)) {
      String name = folder.getFileName().toString();
      assertThat(name).as("raw folder name").matches("dt=\\d{4}-\\d{2}-\\d{2}");
      LocalDate landing = LocalDate.parse(name.substring(3));
      landingDates.add(landing);
      for (Path file : sorted(folder)) {
        assertThat(file.getFileName().toString()).matches("part-\\d{5}\\.json");
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
          raw.add(parseRaw(lines.get(i), landing, rawDir.relativize(file).toString(), i));
        }
      }
    }
    List<GoldenRow> golden = new ArrayList<>();
    for (Path file : sorted(goldenDir)) {
      assertThat(file.getFileName().toString()).matches("part-\\d{5}\\.json");
      for (String line : lines(file)) {
        golden.add(parseGolden(line));
      }
    }
    return new ParsedSample(raw, golden, landingDates);
  }

  private static RawRow parseRaw(String line, LocalDate landing, String file, int lineNo) {
    Matcher m = RAW.matcher(line);
    assertThat(m.matches()).as("raw row layout in %s: %s", file, line).isTrue();
    Matcher ts = TIMESTAMP.matcher(line);
    assertThat(ts.find()).isTrue();
    return new RawRow(
        line,
        m.group(1),
        landing,
        file,
        lineNo,
        m.group(2),
        m.group(3),
        LocalDate.parse(m.group(4)),
        m.group(5),
        m.group(6),
        m.group(7),
        ts.group(1),
        LocalDate.parse(m.group(8)),
        Integer.parseInt(m.group(9)));
  }

  private static GoldenRow parseGolden(String line) {
    Matcher m = GOLDEN.matcher(line);
    assertThat(m.matches()).as("golden row layout: %s", line).isTrue();
    return new GoldenRow(
        line,
        m.group(1),
        m.group(2),
        LocalDate.parse(m.group(10)),
        m.group(11) == null ? null : LocalDate.parse(m.group(11)));
  }

  private static List<String> lines(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).as("%s uses \\n line ends", file).doesNotContain("\r");
    if (text.isEmpty()) {
      return List.of();
    }
    assertThat(text).as("%s ends with a line break", file).endsWith("\n");
    return List.of(text.substring(0, text.length() - 1).split("\n", -1));
  }

  private static List<Path> sorted(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    }
  }
}

package dev.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LandingLayoutTest {
  private static final LocalDate JAN_5 = LocalDate.of(2026, 1, 5);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "dt={date}                                  | dt=2026-01-05            | dt=YYYY-MM-DD",
        "{yyyy}/{MM}/{dd}/{HH}                      | 2026/01/05               | YYYY/MM/DD/HH",
        "year={yyyy}/month={MM}/day={dd}/hour={HH}  | year=2026/month=01/day=05 | year=YYYY/month=MM/day=DD/hour=HH",
        "dt={date}/hr={HH}                          | dt=2026-01-05            | dt=YYYY-MM-DD/hr=HH",
        "date={date}/hour={HH}                      | date=2026-01-05          | date=YYYY-MM-DD/hour=HH",
        "events/{yyyy}{MM}{dd}                      | events/20260105          | events/YYYYMMDD",
      })
  void aDateIsItsFolderAndTheFolderItsDate(String pattern, String folder, String shown) {
    LandingLayout layout = LandingLayout.parse(pattern);

    assertThat(layout.dayFolder(JAN_5)).isEqualTo(folder);
    assertThat(layout.date(List.of(folder.split("/")))).contains(JAN_5);
    assertThat(layout.shown()).isEqualTo(shown);
  }

  @Test
  void theFlatPrefixIsTheDefaultLayoutAndKeepsItsName() {
    assertThat(LandingLayout.flat("dt=")).isEqualTo(LandingLayout.parse(LandingLayout.DEFAULT));
    assertThat(LandingLayout.flat("dt=").flatPrefix()).contains("dt=");
    assertThat(LandingLayout.flat("").dayFolder(JAN_5)).isEqualTo("2026-01-05");
    assertThat(LandingLayout.parse("{yyyy}/{MM}/{dd}").flatPrefix()).isEmpty();
    assertThat(LandingLayout.parse("dt={date}/hr={HH}").flatPrefix()).isEmpty();
  }

  @Test
  void namesThatAreNoDateAreRefusedExactlyAndReadLooselyAsTheClosestDate() {
    LandingLayout layout = LandingLayout.parse("year={yyyy}/month={MM}/day={dd}");

    assertThat(layout.date(List.of("year=2026", "month=02", "day=30"))).isEmpty();
    assertThat(layout.date(List.of("year=2026", "month=1", "day=05"))).isEmpty();
    assertThat(layout.date(List.of("year=2026", "month=13", "day=05"))).isEmpty();
    assertThat(layout.closestDate(List.of("year=2026", "month=02", "day=30")))
        .contains(LocalDate.of(2026, 2, 28));
    assertThat(layout.closestDate(List.of("year=2026", "month=1", "day=5"))).contains(JAN_5);
    // No spelling of a date: never read, listed as unread by status.
    assertThat(layout.closestDate(List.of("year=2026", "month=13", "day=05"))).isEmpty();
    assertThat(layout.loose(List.of("backup"))).isEmpty();
    assertThat(layout.loose(List.of("year=2026", "month=x"))).isEmpty();
    assertThat(layout.loose(List.of("year=2026")))
        .hasValueSatisfying(v -> assertThat(v[0]).isEqualTo(2026));
  }

  @Test
  void hoursAreTheLastFolderFrom00To23() {
    LandingLayout layout = LandingLayout.parse("{yyyy}/{MM}/{dd}/{HH}");

    assertThat(layout.hourly()).isTrue();
    assertThat(layout.dayDepth()).isEqualTo(3);
    assertThat(layout.hourFolder(7)).contains("07");
    assertThat(layout.isHour("23")).isTrue();
    assertThat(layout.isHour("24")).isFalse();
    assertThat(layout.isHour("7")).isFalse();
    assertThat(LandingLayout.flat("dt=").hourFolder(7)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/data/orders/year=2026/month=01/day=05/hour=07/part-0.avro | 2026-01-05",
        "/data/orders/year=2026/month=01/day=05/hour=07/sub/x.avro  | 2026-01-05",
        "/data/orders/year=2026/month=01/day=05/hour=24/part-0.avro | ''",
        "/data/orders/year=2026/month=01/day=05/part-0.avro         | ''",
        "/data/orders/year=2026/month=1/day=05/hour=07/part-0.avro  | ''",
      })
  void theDateOfAFileComesFromItsFoldersBelowTheRoot(String file, String expected) {
    LandingLayout layout = LandingLayout.parse("year={yyyy}/month={MM}/day={dd}/hour={HH}");
    Matcher m = Pattern.compile(layout.dateRegex("orders")).matcher("file:" + file);

    String date = m.find() ? m.group(1) + "-" + m.group(2) + "-" + m.group(3) : "";
    assertThat(layout.dateGroups()).isEqualTo(3);
    assertThat(date).isEqualTo(expected);
  }

  @Test
  void aLayoutStartingWithANumberIsFoundRightBelowTheRoot() {
    LandingLayout layout = LandingLayout.parse("{yyyy}/{MM}/{dd}/{HH}");
    Pattern date = Pattern.compile(layout.dateRegex("firehose"));

    assertThat(date.matcher("s3a://b/firehose/2026/01/05/07/x.gz").find()).isTrue();
    // A root whose own path looks like a date is not taken for a landing folder.
    assertThat(date.matcher("s3a://b/2026/01/05/07/other/x.gz").find()).isFalse();
    assertThat(date.matcher("s3a://b/2026/01/05/07/firehose/backup/x.gz").find()).isFalse();
  }

  @Test
  void theReasonNamesTheLandingFoldersOfTheFile() {
    LandingLayout layout = LandingLayout.parse("{yyyy}/{MM}/{dd}/{HH}");
    Matcher m =
        Pattern.compile(layout.landingPathRegex("raw")).matcher("s3a://b/raw/2026/01/05/24/x.json");

    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo("2026/01/05/24");
    Matcher bucket =
        Pattern.compile(LandingLayout.flat("dt=").dateRegex("")).matcher("s3a://b/dt=2026-01-05/x");
    assertThat(bucket.find()).isTrue();
    assertThat(bucket.group(1)).isEqualTo("2026-01-05");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                               | folder names joined by '/'",
        "/dt={date}                       | without a leading '/'",
        "dt={date}/                       | without a leading '/'",
        "dt={day}                         | {day} is not a token",
        "dt={date                         | unmatched",
        "{yyyy}/{MM}                      | as {date} or as {yyyy}, {MM} and {dd}",
        "{date}/{yyyy}                    | as {date} or as {yyyy}, {MM} and {dd}",
        "{dd}/{MM}/{yyyy}                 | must come in that order",
        "{HH}/{yyyy}/{MM}/{dd}            | {HH} must be the only token of the last folder",
        "{yyyy}/{MM}/{dd}{HH}             | {HH} must be the only token of the last folder",
        "dt={date}/raw                    | the day's folder must be the last",
        "{yyyy}/{yyyy}/{MM}/{dd}          | {yyyy} appears twice",
      })
  void aPatternThatCannotWorkIsRefusedSayingWhy(String pattern, String why) {
    assertThatThrownBy(() -> LandingLayout.parse(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the layout '" + pattern + "' cannot be used: ")
        .hasMessageContaining(why)
        .hasMessageContaining("Examples: dt={date}");
  }

  @Test
  void aPrefixCannotHoldFolders() {
    assertThatThrownBy(() -> LandingLayout.flat("raw/dt="))
        .hasMessageContaining("set pipeline.source.layout for nested folders");
    assertThat(Optional.of(LandingLayout.flat("d_")).map(LandingLayout::pattern))
        .contains("d_{date}");
  }
}

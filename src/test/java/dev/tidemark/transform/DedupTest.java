package dev.tidemark.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.TestSpark;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Newest version per key wins, and the winner never depends on input order. */
class DedupTest {
  private static final StructType SCHEMA =
      StructType.fromDDL("id STRING, status STRING, updated_at TIMESTAMP, version INT, bad STRING");
  private static final List<String> COLUMNS = List.of("id", "status", "updated_at", "version");

  private static Row row(String id, String status, String time, Integer version) {
    return RowFactory.create(
        id, status, time == null ? null : Timestamp.valueOf(time), version, null);
  }

  private static List<String> dedup(List<Row> rows, Optional<Observation> copies) {
    Dataset<Row> input =
        RowHash.add(
            TestSpark.session().createDataFrame(rows, SCHEMA).repartition(3),
            COLUMNS,
            RowHash.Version.CURRENT);
    return Dedup.latestPerKey(
            input,
            List.of("id"),
            List.of("updated_at", "version"),
            functions.col("bad").isNotNull(),
            copies)
        .select(
            functions.concat_ws(
                "|",
                functions.coalesce(functions.col("id"), functions.lit("")),
                functions.col("status"),
                functions.coalesce(functions.col("bad"), functions.lit("-"))))
        .collectAsList() // no orderBy: its sampling pass would count the observation twice
        .stream()
        .map(r -> r.getString(0))
        .sorted()
        .toList();
  }

  @Test
  void distinctKeysKeepsEachKeyOnceWithItsHash() {
    StructType schema = StructType.fromDDL("region STRING, id INT, other STRING");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // 10 keys, each six times, every time with another value in the column that is not a key.
      rows.add(RowFactory.create(i % 2 == 0 ? "eu" : "us", i % 10, "row " + i));
    }
    Dataset<Row> keys =
        Dedup.distinctKeys(
            TestSpark.session().createDataFrame(rows, schema).repartition(3),
            List.of("region", "id"));
    assertThat(keys.columns()).containsExactly("region", "id", Dedup.KEY_HASH);
    List<String> found =
        keys.select(functions.concat_ws("/", functions.col("region"), functions.col("id")))
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(found).hasSize(10).doesNotHaveDuplicates();
    assertThat(
            keys.where(
                    functions.col(Dedup.KEY_HASH).notEqual(Dedup.keyHash(List.of("region", "id"))))
                .count())
        .isZero();
  }

  @Test
  void theNewestVersionWinsByTimestampThenVersionThenRowHash() {
    List<Row> rows =
        List.of(
            row("a", "created", "2026-01-01 10:00:00", 1),
            row("a", "paid", "2026-01-01 11:00:00", 2),
            row("a", "stale", "2026-01-01 09:00:00", 3),
            // Equal timestamp: the greater version wins.
            row("b", "created", "2026-01-01 10:00:00", 1),
            row("b", "paid", "2026-01-01 10:00:00", 2),
            // A NULL sequence loses to any value.
            row("c", "no time", null, 9),
            row("c", "created", "2026-01-01 10:00:00", 1));
    assertThat(dedup(rows, Optional.empty()))
        .containsExactly("a|paid|-", "b|paid|-", "c|created|-");
  }

  @Test
  void anyInputOrderGivesTheSameWinnersEvenWhenOnlyTheRowHashTellsThemApart() {
    List<Row> rows = new ArrayList<>();
    for (int key = 0; key < 20; key++) {
      // Same sequence, different content: only the row hash decides, deterministically.
      rows.add(row("k" + key, "x", "2026-01-01 10:00:00", 1));
      rows.add(row("k" + key, "y", "2026-01-01 10:00:00", 1));
      rows.add(row("k" + key, "z", "2026-01-01 10:00:00", 1));
    }
    List<String> first = dedup(rows, Optional.empty());
    Random random = new Random(3);
    for (int i = 0; i < 3; i++) {
      List<Row> shuffled = new ArrayList<>(rows);
      Collections.shuffle(shuffled, random);
      assertThat(dedup(shuffled, Optional.empty())).isEqualTo(first);
    }
    assertThat(first).hasSize(20);
  }

  @Test
  void rowsToKeepPassThroughAndExactCopiesAreCounted() throws Exception {
    List<Row> rows =
        List.of(
            row("a", "paid", "2026-01-01 11:00:00", 2),
            row("a", "paid", "2026-01-01 11:00:00", 2),
            row("a", "paid", "2026-01-01 11:00:00", 2),
            row("a", "created", "2026-01-01 10:00:00", 1),
            row("a", "created", "2026-01-01 10:00:00", 1),
            RowFactory.create("a", "broken", null, null, "malformed"),
            RowFactory.create(null, "broken", null, null, "missing key"),
            RowFactory.create(null, "broken", null, null, "missing key"));
    Observation copies = new Observation("copies");
    assertThat(dedup(rows, Optional.of(copies)))
        .containsExactly(
            "a|broken|malformed", "a|paid|-", "|broken|missing key", "|broken|missing key");
    assertThat(copies.getAsJava().get(Dedup.EXACT_DUPLICATES)).isEqualTo(3L);
  }

  @Test
  void aNullInTheSecondSequenceColumnLosesOnlyWhenTheFirstTies() {
    List<Row> rows =
        List.of(
            // Same time: a version beats no version.
            row("a", "no version", "2026-01-01 10:00:00", null),
            row("a", "version 1", "2026-01-01 10:00:00", 1),
            // A later time wins, whatever the versions.
            row("b", "later, no version", "2026-01-01 11:00:00", null),
            row("b", "earlier, version 5", "2026-01-01 10:00:00", 5),
            // No time on either: the versions decide.
            row("c", "no time, no version", null, null),
            row("c", "no time, version 1", null, 1));
    assertThat(dedup(rows, Optional.empty()))
        .containsExactly("a|version 1|-", "b|later, no version|-", "c|no time, version 1|-");
  }

  @Test
  void aTieOnTheWholeSequenceGoesToTheGreaterRowHashInAnyInputOrder() {
    Row x = row("a", "x", "2026-01-01 10:00:00", 1);
    Row y = row("a", "y", "2026-01-01 10:00:00", 1);
    Row noSequenceX = row("b", "x", null, null);
    Row noSequenceY = row("b", "y", null, null);
    Map<String, Long> hashes = new HashMap<>();
    RowHash.add(
            TestSpark.session().createDataFrame(List.of(x, y, noSequenceX, noSequenceY), SCHEMA),
            COLUMNS,
            RowHash.Version.CURRENT)
        .collectAsList()
        .forEach(
            r ->
                hashes.put(
                    r.<String>getAs("id") + "|" + r.<String>getAs("status"),
                    r.<Long>getAs(Columns.ROW_HASH)));
    String winnerA = hashes.get("a|x") > hashes.get("a|y") ? "a|x|-" : "a|y|-";
    String winnerB = hashes.get("b|x") > hashes.get("b|y") ? "b|x|-" : "b|y|-";

    assertThat(dedup(List.of(x, y, noSequenceX, noSequenceY), Optional.empty()))
        .containsExactly(winnerA, winnerB);
    assertThat(dedup(List.of(noSequenceY, y, noSequenceX, x), Optional.empty()))
        .containsExactly(winnerA, winnerB);
  }

  @Test
  void aKeyOfTwoColumnsKeepsOneRowPerPairAndCountsOnlyCopiesWithinAPair() throws Exception {
    StructType schema =
        StructType.fromDDL("region STRING, id STRING, status STRING, updated_at TIMESTAMP");
    Timestamp ten = Timestamp.valueOf("2026-01-01 10:00:00");
    Timestamp eleven = Timestamp.valueOf("2026-01-01 11:00:00");
    List<Row> rows =
        List.of(
            RowFactory.create("eu", "1", "created", ten),
            RowFactory.create("eu", "1", "paid", eleven),
            RowFactory.create("eu", "1", "paid", eleven), // an exact copy of eu/1's winner
            RowFactory.create("us", "1", "created", ten), // the same id in another region
            RowFactory.create("us", "2", "created", ten));
    List<String> columns = List.of("region", "id", "status", "updated_at");
    Observation copies = new Observation("pair copies");
    List<String> kept =
        Dedup.latestPerKey(
                RowHash.add(
                    TestSpark.session().createDataFrame(rows, schema).repartition(2),
                    columns,
                    RowHash.Version.CURRENT),
                List.of("region", "id"),
                List.of("updated_at"),
                functions.lit(false),
                Optional.of(copies))
            .select(
                functions.concat_ws(
                    "|", functions.col("region"), functions.col("id"), functions.col("status")))
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .sorted()
            .toList();
    assertThat(kept).containsExactly("eu|1|paid", "us|1|created", "us|2|created");
    assertThat(copies.getAsJava().get(Dedup.EXACT_DUPLICATES)).isEqualTo(1L);
  }
}

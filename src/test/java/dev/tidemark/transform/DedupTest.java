package dev.tidemark.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.TestSpark;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
}

package dev.tidemark.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.plan.SourceFile;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.transform.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A file's digest follows the multiset of its parsed rows: not their order, but every row. */
class FileDigestsTest {
  private static final SourceFile A = new SourceFile("s3a://raw/dt=2026-01-01/a.json", 1, 1);
  private static final SourceFile B = new SourceFile("s3a://raw/dt=2026-01-01/b.json", 1, 1);
  private static final SourceFile EMPTY = new SourceFile("s3a://raw/dt=2026-01-01/c.json", 0, 1);
  private static final StructType EXTRACTED =
      StructType.fromDDL(
          Columns.SOURCE_FILE
              + " STRING, "
              + Columns.ROW_HASH
              + " BIGINT, "
              + Columns.REJECT_REASON
              + " STRING, "
              + Columns.RAW
              + " STRING");

  @Test
  void theOrderOfRowsDoesNotMatterButEveryRowDoes() {
    Map<String, String> digests = digests(good(A, 1), good(A, 2), good(A, 2), good(B, 3));
    Map<String, String> reordered = digests(good(B, 3), good(A, 2), good(A, 1), good(A, 2));

    assertThat(reordered).isEqualTo(digests);
    assertThat(FileDigests.rows(digests.get(A.path()))).isEqualTo(3);
    assertThat(FileDigests.rows(digests.get(B.path()))).isEqualTo(1);
    // A file with no row has a digest too, so that an emptied file differs from a lost one.
    assertThat(digests.get(EMPTY.path())).isEqualTo(FileDigests.EMPTY);
    assertThat(FileDigests.rows(FileDigests.EMPTY)).isZero();

    // Same count, same XOR: {1, 2, 2} and {1, 4, 4}. Sums tell them apart.
    assertThat(digests(good(A, 1), good(A, 4), good(A, 4)).get(A.path()))
        .isNotEqualTo(digests.get(A.path()));
    // A row moved to another file changes both.
    Map<String, String> moved = digests(good(A, 1), good(A, 2), good(B, 2), good(B, 3));
    assertThat(moved.get(A.path())).isNotEqualTo(digests.get(A.path()));
    assertThat(moved.get(B.path())).isNotEqualTo(digests.get(B.path()));
  }

  @Test
  void aRejectedLineCountsByItsReasonAndText() {
    Map<String, String> cut = digests(good(A, 1), rejected(A, "malformed", "{\"order_id\":"));
    assertThat(digests(good(A, 1), rejected(A, "malformed", "{\"order_id\":\"o")).get(A.path()))
        .isNotEqualTo(cut.get(A.path()));
    assertThat(digests(good(A, 1), rejected(A, "missing key", "{\"order_id\":")).get(A.path()))
        .isNotEqualTo(cut.get(A.path()));
    assertThat(digests(good(A, 1), good(A, 5)).get(A.path())).isNotEqualTo(cut.get(A.path()));
  }

  private static Row good(SourceFile file, long rowHash) {
    return RowFactory.create(file.path(), rowHash, null, null);
  }

  private static Row rejected(SourceFile file, String reason, String raw) {
    return RowFactory.create(file.path(), null, reason, raw);
  }

  private static Map<String, String> digests(Row... rows) {
    List<Row> list = new ArrayList<>(Arrays.asList(rows));
    Object aggregated =
        TestSpark.session()
            .createDataFrame(list, EXTRACTED)
            .repartition(2)
            .agg(FileDigests.aggregate())
            .first()
            .get(0);
    return FileDigests.decode(TestSpark.session(), aggregated, List.of(A, B, EMPTY));
  }
}

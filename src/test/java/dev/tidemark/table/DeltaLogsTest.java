package dev.tidemark.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.fs.ChecksumException;
import org.junit.jupiter.api.Test;

/** Failures to read a Delta log are told apart, with the table, the file and what to do. */
class DeltaLogsTest {
  private static final String TABLE = "file:/data/warehouse/orders";
  private static final String FILE = TABLE + "/_delta_log/00000000000000000004.json";

  @Test
  void aChecksumErrorInsideASparkTaskFailureNamesTheTableTheFileAndTheChecksumFile() {
    RuntimeException error =
        new IllegalStateException(
            "Job aborted due to stage failure: Task 3 in stage 3.0 failed 1 times",
            new UncheckedIOException(
                new ChecksumException(
                    "Checksum error: " + FILE + " at 0 exp: -497513255 got: 1441642940", 0)));

    UnreadableLogException unreadable = DeltaLogs.unreadable(error).orElseThrow();

    assertThat(unreadable.table()).isEqualTo(TABLE);
    assertThat(unreadable.file()).contains(FILE);
    assertThat(unreadable.getMessage())
        .startsWith("Cannot read the Delta log of table " + TABLE + ". Its log file " + FILE)
        .contains(
            "does not match its checksum",
            "(.00000000000000000004.json.crc beside it) is stale",
            "delete that checksum file",
            "restore the file from a backup",
            "--verbose");
  }

  @Test
  void aCommitFileThatIsNotJsonIsNamedFromSparksReadError() {
    RuntimeException error =
        new IllegalStateException(
            "[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file://"
                + FILE.substring("file:".length())
                + ".  SQLSTATE: KD001",
            new RuntimeException(
                "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records",
                new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character")));

    UnreadableLogException unreadable = DeltaLogs.unreadable(error).orElseThrow();

    assertThat(unreadable.file())
        .contains("file:///data/warehouse/orders/_delta_log/00000000000000000004.json");
    assertThat(unreadable.getMessage())
        .contains("is not valid JSON: it is corrupt or cut short. Restore it from a backup");
  }

  @Test
  void aMissingCommitIsNamedWithTheTableBeingRead() {
    TableRef table = TableRef.path("/data/warehouse/_tidemark/runs");
    assertThatThrownBy(
            () ->
                DeltaLogs.reading(
                    table,
                    () -> {
                      throw new IllegalStateException(
                          "[DELTA_VERSIONS_NOT_CONTIGUOUS] Versions (0, 2) are not contiguous. ");
                    }))
        .isInstanceOf(UnreadableLogException.class)
        .hasMessageStartingWith(
            "Cannot read the Delta log of table /data/warehouse/_tidemark/runs. A commit file of"
                + " its log is missing: [DELTA_VERSIONS_NOT_CONTIGUOUS] Versions (0, 2) are not"
                + " contiguous. Restore it");
  }

  @Test
  void otherErrorsAreLeftAsTheyAre() {
    IllegalStateException other = new IllegalStateException("disk full");
    assertThat(DeltaLogs.unreadable(other)).isEmpty();
    assertThatThrownBy(
            () ->
                DeltaLogs.reading(
                    TableRef.path("/t"),
                    () -> {
                      throw other;
                    }))
        .isSameAs(other);
    // A raw file's checksum is the source's business, not a table's log.
    assertThat(
            DeltaLogs.unreadable(
                new ChecksumException("Checksum error: file:/raw/dt=2026-01-01/a.json at 0", 0)))
        .isEmpty();
    assertThat(DeltaLogs.reading(TableRef.path("/t"), () -> Optional.of(1))).contains(1);
  }
}

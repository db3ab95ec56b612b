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
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target or control table whose Delta log cannot be read fails the command with exit 1 and a
 * message naming the table, the file and what to do: the stack trace only with --verbose.
 */
class UnreadableLogCliTest {
  private static final LocalDate DAY = LocalDate.of(2026, 1, 1);
  private static final String[] RUN = {
    "run", "orders", "--from", "2026-01-01", "--to", "2026-01-01"
  };

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.at(DAY.plusDays(1));

  @Test
  void aCorruptCommitOfTheTargetOrOfTheRunsTableIsNamedWithWhatToDo() throws IOException {
    Workspace ws = Workspace.create(dir, false);
    ws.writeRaw(
        DAY, "a.json", Workspace.order("o-1", DAY, "placed", "1.00", DAY + "T08:00:00Z", 1));
    Cli.Result first = Cli.run(ws, clock, RUN);
    assertThat(first.exitCode()).as(first.err()).isZero();
    long runs = Tables.delta(ws.tables().runs().path()).count();

    // The target's newest commit changed after it was written: its checksum no longer matches.
    Path target = Path.of(ws.targetPath().replaceFirst("^file:", ""));
    corrupt(target, Tables.version(ws.targetPath()));

    Cli.Result run = Cli.run(ws, clock, RUN);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err())
        .contains(
            "Cannot complete 'run': Cannot read the Delta log of table ",
            target + ". Its log file ",
            target + "/_delta_log/00000000000000000001.json does not match its checksum",
            "If the file's content is right, delete that checksum file; otherwise restore the"
                + " file from a backup",
            "--verbose")
        .doesNotContain("ChecksumException", "SparkException", "\tat ");
    assertThat(Tables.delta(ws.tables().runs().path()).count()).isEqualTo(runs);

    Cli.Result verbose = Cli.run(ws, clock, append(RUN, "--verbose"));
    assertThat(verbose.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(verbose.err()).contains("Cannot read the Delta log of table ", "\tat ");

    // A control table: the runs table's newest commit cut short, its checksum file gone too.
    Path runsTable = Path.of(ws.tables().runs().path().replaceFirst("^file:", ""));
    long newest = Tables.version(ws.tables().runs().path());
    Path commit = runsTable.resolve(String.format("_delta_log/%020d.json", newest));
    Files.writeString(commit, Files.readString(commit).substring(0, 40));
    Files.delete(commit.resolveSibling("." + commit.getFileName() + ".crc"));
    DeltaLog.clearCache();

    Cli.Result status = Cli.run(ws, clock, "status", "orders");

    assertThat(status.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(status.err())
        .contains(
            "Cannot read the Delta log of table ",
            runsTable + ". Its log file ",
            String.format("%020d.json is not valid JSON: it is corrupt or cut short", newest))
        .doesNotContain("\tat ");
  }

  /** Overwrites a commit file with other text of the same length, as a bad disk might. */
  private static void corrupt(Path table, long version) throws IOException {
    Path commit = table.resolve(String.format("_delta_log/%020d.json", version));
    byte[] bytes = Files.readAllBytes(commit);
    bytes[bytes.length / 2] = (byte) (bytes[bytes.length / 2] == 'x' ? 'y' : 'x');
    Files.write(commit, bytes);
    DeltaLog.clearCache(); // as a new process would read it
  }

  private static String[] append(String[] args, String arg) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = arg;
    return all;
  }
}

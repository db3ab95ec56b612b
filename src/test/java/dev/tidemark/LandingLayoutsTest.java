package dev.tidemark;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.config.LandingLayout;
import dev.tidemark.control.RunRecord;
import dev.tidemark.kernel.KernelTables;
import dev.tidemark.plan.DateRange;
import dev.tidemark.report.LandingHours;
import dev.tidemark.report.PipelineStatus;
import dev.tidemark.report.StateSource;
import dev.tidemark.report.StatusReport;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 35: sources laid out as the tools that write them lay them out. Per layout, with the
 * settings a user gets: a first run, a rerun that reads nothing, a late file into an earlier hour,
 * and a backfill of a published day; misnamed folders go to quarantine naming the folder, never
 * skipped.
 */
class LandingLayoutsTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // layout                                  | a misnamed day folder  | a misnamed hour folder
        "{yyyy}/{MM}/{dd}/{HH}                      | 2026/01/2/10          | 2026/01/01/24",
      })
  void aLayoutIsReadHourByHourLateFilesIncludedAndNothingIsSkipped(
      String pattern, String misnamedDay, String misnamedHour) throws IOException {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  source.layout = \"" + pattern + "\"\n");
    LandingLayout layout = LandingLayout.parse(pattern);
    write(
        ws,
        layout,
        D1,
        8,
        "a.json",
        order("ORD-1", D1, "created", "10.00", "2026-01-01T08:00:00.000Z", 1));
    write(
        ws,
        layout,
        D1,
        9,
        "a.json",
        order("ORD-2", D1, "created", "11.00", "2026-01-01T09:00:00.000Z", 1));
    write(
        ws,
        layout,
        D2,
        0,
        "a.json",
        order("ORD-3", D2, "created", "12.00", "2026-01-02T00:00:00.000Z", 1));
    write(
        ws.raw.resolve(misnamedDay + "/x.json"),
        order("ORD-4", D2, "created", "13.00", "2026-01-02T10:00:00.000Z", 1));
    if (!misnamedHour.isEmpty()) {
      write(
          ws.raw.resolve(misnamedHour + "/x.json"),
          order("ORD-5", D1, "created", "14.00", "2026-01-01T23:00:00.000Z", 1));
    }
    MutableClock clock = MutableClock.at(D2);

    RunOutcome first = ws.pipeline(clock).run(Optional.empty());

    assertThat(first).isInstanceOf(RunOutcome.Succeeded.class);
    // The landing watermark of an hourly layout is an hour: the newest that holds files.
    assertThat(first.run().watermarks().flatMap(RunRecord.WatermarkMove::landingAfterShown))
        .contains(layout.hourly() ? "2026-01-02T00" : "2026-01-02");
    assertThat(Tables.target(ws.targetPath()))
        .containsExactly(
            "ORD-1|CUST-00001|2026-01-01|created|10.00|EUR|2026-01-01 08:00:00|1",
            "ORD-2|CUST-00001|2026-01-01|created|11.00|EUR|2026-01-01 09:00:00|1",
            "ORD-3|CUST-00001|2026-01-02|created|12.00|EUR|2026-01-02 00:00:00|1");
    String unit = layout.hourly() ? "hour" : "date";
    List<String> reasons =
        Tables.delta(ws.tables().quarantine().path()).collectAsList().stream()
            .map(r -> r.<String>getAs("reason"))
            .toList();
    List<String> expected =
        misnamedHour.isEmpty() ? List.of(misnamedDay) : List.of(misnamedDay, misnamedHour);
    assertThat(reasons)
        .containsExactlyInAnyOrderElementsOf(
            expected.stream()
                .map(
                    folder ->
                        "folder '"
                            + folder
                            + "' is not a landing "
                            + unit
                            + " ("
                            + layout.shown()
                            + "): move its files into the right "
                            + layout.shown()
                            + " folder and run that landing date")
                .toList());

    // A rerun finds nothing new: no file is read again.
    RunOutcome rerun = ws.pipeline(clock).run(Optional.empty());
    assertThat(rerun).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(rowsRead(rerun.run())).isZero();

    // A late file into an earlier hour of a published day is read, and only it.
    clock.setDay(D2.plusDays(1));
    write(
        ws,
        layout,
        D1,
        8,
        "late.json",
        order("ORD-1", D1, "paid", "10.00", "2026-01-01T08:30:00.000Z", 2));
    RunOutcome late = ws.pipeline(clock).run(Optional.empty());
    assertThat(late).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(rowsRead(late.run())).isEqualTo(1);
    assertThat(Tables.target(ws.targetPath()))
        .contains("ORD-1|CUST-00001|2026-01-01|paid|10.00|EUR|2026-01-01 08:30:00|2");

    // A backfill of the published first day, nothing changed since, is a no-op too.
    RunOutcome backfill = ws.pipeline(clock).run(Optional.of(new DateRange(D1, D1)));
    assertThat(backfill).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(rowsRead(backfill.run())).isZero();
    assertThat(Tables.target(ws.targetPath())).hasSize(3);
    assertThat(Tables.duplicateKeys(ws.targetPath())).isZero();
    if (!layout.hourly()) {
      return;
    }

    // A backfill of one hour reads the new file of that hour only; the new file of another hour
    // of the same day is left to the next incremental run, which finds it as a late file.
    write(
        ws,
        layout,
        D1,
        9,
        "b.json",
        order("ORD-2", D1, "paid", "11.00", "2026-01-01T09:30:00.000Z", 2));
    write(
        ws,
        layout,
        D1,
        8,
        "b.json",
        order("ORD-1", D1, "shipped", "10.00", "2026-01-01T08:45:00.000Z", 3));
    DateRange nine = DateRange.ofHours(D1.atTime(9, 0), D1.atTime(9, 0));
    RunOutcome hour = ws.pipeline(clock).run(Optional.of(nine));
    assertThat(hour).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(rowsRead(hour.run())).isEqualTo(1);
    assertThat(ws.pipeline(clock).recentRuns(1).get(0).range())
        .as("the runs table keeps the range's hours")
        .isEqualTo(nine);
    // Status (without Spark, as the command reads it) names the hour whose new file is not
    // published yet, as the report does.
    PipelineStatus status =
        StatusReport.read(
            StateSource.kernel(KernelTables.of(ws.config().settings()), ws.config()),
            ws.config(),
            clock);
    assertThat(status.stale()).containsExactly(D1);
    assertThat(LandingHours.spans(status.hours().stale())).containsExactly("2026-01-01T08");
    assertThat(status.hours().gaps()).isEmpty();
    RunOutcome after = ws.pipeline(clock).run(Optional.empty());
    assertThat(rowsRead(after.run())).isEqualTo(1);
    assertThat(Tables.target(ws.targetPath()))
        .contains(
            "ORD-1|CUST-00001|2026-01-01|shipped|10.00|EUR|2026-01-01 08:45:00|3",
            "ORD-2|CUST-00001|2026-01-01|paid|11.00|EUR|2026-01-01 09:30:00|2");
  }

  private static long rowsRead(RunRecord run) {
    return run.staged().map(RunRecord.StageCounts::rowsRead).orElse(0L);
  }

  private static void write(
      Workspace ws, LandingLayout layout, LocalDate day, int hour, String name, String line)
      throws IOException {
    Path folder = ws.raw.resolve(layout.dayFolder(day));
    // A daily layout has no hour folder: the hour goes into the file's name.
    Path file =
        layout
            .hourFolder(hour)
            .map(h -> folder.resolve(h).resolve(name))
            .orElse(folder.resolve(String.format("%02d-%s", hour, name)));
    write(file, line);
  }

  private static void write(Path file, String line) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, line + "\n");
  }
}

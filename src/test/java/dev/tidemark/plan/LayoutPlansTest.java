package dev.tidemark.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.config.LandingLayout;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 35, per layout, the plan step alone (no Spark; the ledger in memory, written as a commit
 * writes it): a first run reads every file, misnamed folders included (their rows go to quarantine
 * naming the folder, as LandingLayoutsTest shows end to end); a rerun reads nothing; a late file
 * into an earlier hour is read, and only it; a backfill of one hour reads that hour.
 */
class LayoutPlansTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);

  @TempDir Path dir;

  /** The ledger: what the runs so far published, by date. */
  private final Map<LocalDate, PublishedFolder> ledger = new TreeMap<>();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // layout                                 | a misnamed day folder | a misnamed hour folder
        "dt={date}/hr={HH}                         | dt=2026-01-2/hr=10    | dt=2026-01-01/hr=7",
        "date={date}/hour={HH}                     | date=2026-1-02/hour=10 | date=2026-01-01/hour=24",
        "year={yyyy}/month={MM}/day={dd}/hour={HH} | year=2026/month=1/day=02/hour=10 | year=2026/month=01/day=01/hour=x7",
        "{yyyy}/{MM}/{dd}/{HH}                     | 2026/01/2/10          | 2026/01/01/24",
        "{yyyy}/{MM}/{dd}                          | 2026/1/02             | ''",
        "dt={date}                                 | dt=2026-1-02          | ''",
      })
  void aLayoutIsPlannedFileByFileWithLateFilesAndHoursAndNothingSkipped(
      String pattern, String misnamedDay, String misnamedHour) throws IOException {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  source.layout = \"" + pattern + "\"\n");
    TidemarkConfig config = ws.config();
    LandingLayout layout = LandingLayout.parse(pattern);
    write(ws, layout, D1, 8, "a.json");
    write(ws, layout, D1, 9, "a.json");
    write(ws, layout, D2, 0, "a.json");
    write(ws.raw.resolve(misnamedDay).resolve("x.json"));
    if (!misnamedHour.isEmpty()) {
      write(ws.raw.resolve(misnamedHour).resolve("x.json"));
    }
    MutableClock clock = MutableClock.at(D2);

    RunPlan first = incremental(config, clock);
    assertThat(names(ws, first))
        .containsExactlyInAnyOrderElementsOf(
            expected(layout, misnamedDay, misnamedHour, "a.json", D1, 8, D1, 9, D2, 0));
    publish(config, first);

    assertThat(incremental(config, clock).filesToRead()).as("a rerun reads nothing").isEmpty();

    clock.setDay(D2.plusDays(1));
    write(ws, layout, D1, 8, "late.json");
    RunPlan late = incremental(config, clock);
    assertThat(names(ws, late)).containsExactly(file(layout, D1, 8, "late.json"));
    publish(config, late);

    if (layout.hourly()) {
      DateRange nine = DateRange.ofHours(D1.atTime(9, 0), D1.atTime(9, 0));
      RunPlan hour =
          step(config, clock).plan(new PlanStep.Input(Optional.of(nine), true, Optional.empty()));
      assertThat(names(ws, hour)).containsExactly(file(layout, D1, 9, "a.json"));
    }
  }

  private RunPlan incremental(TidemarkConfig config, MutableClock clock) {
    Optional<LocalDate> watermark =
        ledger.keySet().stream().max(LocalDate::compareTo); // as the commit moves it, near enough
    return step(config, clock).plan(new PlanStep.Input(Optional.empty(), false, watermark));
  }

  /** Records what a plan read as a commit records it: each folder's files as listed. */
  private void publish(TidemarkConfig config, RunPlan plan) {
    for (FolderPlan f : plan.folders()) {
      if (f.isRead()) {
        LandingFolder folder = f.folder();
        ledger.put(
            folder.date(),
            new PublishedFolder(
                folder.date(), folder.fingerprint(), folder.files(), config.configHash()));
      }
    }
  }

  private PlanStep step(TidemarkConfig config, MutableClock clock) {
    return new PlanStep(
        config.pipeline(),
        config.configHash(),
        new Planner(clock, new FolderLister(new Configuration())),
        new PlanStep.Published() {
          @Override
          public List<PublishedFolder> processed(String pipeline, Optional<DateRange> within) {
            return ledger.values().stream()
                .filter(f -> within.map(r -> r.contains(f.date())).orElse(true))
                .toList();
          }

          @Override
          public Map<LocalDate, String> fingerprintsBefore(String pipeline, LocalDate date) {
            return ledger.values().stream()
                .filter(f -> f.date().isBefore(date))
                .collect(Collectors.toMap(PublishedFolder::date, PublishedFolder::fingerprint));
          }
        },
        () -> true);
  }

  /** The files a plan reads, below the source root. */
  private static List<String> names(Workspace ws, RunPlan plan) {
    String root = ws.raw.toString();
    return plan.filesToRead().stream()
        .map(f -> f.path().substring(f.path().indexOf(root) + root.length() + 1))
        .toList();
  }

  private static List<String> expected(
      LandingLayout layout, String misnamedDay, String misnamedHour, String name, Object... at) {
    List<String> files = new java.util.ArrayList<>();
    for (int i = 0; i < at.length; i += 2) {
      files.add(file(layout, (LocalDate) at[i], (Integer) at[i + 1], name));
    }
    files.add(misnamedDay + "/x.json");
    if (!misnamedHour.isEmpty()) {
      files.add(misnamedHour + "/x.json");
    }
    return files;
  }

  /** A file of an hour: in its hour's folder, or in a daily layout with the hour in its name. */
  private static String file(LandingLayout layout, LocalDate day, int hour, String name) {
    return layout
        .hourFolder(hour)
        .map(h -> layout.dayFolder(day) + "/" + h + "/" + name)
        .orElse(layout.dayFolder(day) + "/" + String.format("%02d-%s", hour, name));
  }

  private static void write(
      Workspace ws, LandingLayout layout, LocalDate day, int hour, String name) throws IOException {
    write(ws.raw.resolve(file(layout, day, hour, name)));
  }

  private static void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{}\n");
  }
}

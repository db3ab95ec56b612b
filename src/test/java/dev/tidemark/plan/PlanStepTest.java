package dev.tidemark.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan step on its own, no Spark: landing folders on disk, the ledger's view in memory. What a
 * run reads depends on the mode, on what the ledger says was published, and on whether the target
 * still exists.
 */
class PlanStepTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate JAN_5 = LocalDate.of(2026, 1, 5);
  private static final MutableClock TODAY = MutableClock.at(JAN_5);

  @TempDir Path dir;
  private Workspace ws;
  private TidemarkConfig config;

  /** The ledger's view, in memory, with the ranges it was asked for. */
  private final List<PublishedFolder> published = new ArrayList<>();

  private final List<Optional<DateRange>> asked = new ArrayList<>();
  private final List<LocalDate> fingerprintsAsked = new ArrayList<>();

  @BeforeEach
  void fiveDaysOfFiles() {
    ws = Workspace.create(dir);
    for (int day = 0; day < 5; day++) {
      ws.writeRaw(
          JAN_1.plusDays(day),
          "part-0.json",
          Workspace.order("ORD-" + day, JAN_1, "NEW", "1.00", "2026-01-01T08:00:00Z", 1));
    }
    config = ws.config();
  }

  private PlanStep step(boolean targetExists) {
    return new PlanStep(
        config.pipeline(),
        config.configHash(),
        new Planner(TODAY, new FolderLister(new Configuration())),
        new PlanStep.Published() {
          @Override
          public List<PublishedFolder> processed(String pipeline, Optional<DateRange> within) {
            asked.add(within);
            return within
                .map(r -> published.stream().filter(f -> r.contains(f.date())).toList())
                .orElse(List.copyOf(published));
          }

          @Override
          public Map<LocalDate, String> fingerprintsBefore(String pipeline, LocalDate date) {
            fingerprintsAsked.add(date);
            return published.stream()
                .filter(f -> f.date().isBefore(date))
                .collect(Collectors.toMap(PublishedFolder::date, PublishedFolder::fingerprint));
          }
        },
        () -> targetExists);
  }

  /** Records the folders of these days as published, with their files as they are now. */
  private void publish(LocalDate... days) {
    for (LocalDate day : days) {
      LandingFolder folder =
          new FolderLister(new Configuration())
              .list(
                  config.pipeline().source().path(),
                  config.pipeline().source().layout(),
                  new DateRange(day, day))
              .get(0);
      published.add(
          new PublishedFolder(day, folder.fingerprint(), folder.files(), config.configHash()));
    }
  }

  @Test
  void anIncrementalRunSkipsPublishedFoldersAndReadsTheRestFromTheLookback() {
    publish(JAN_1, JAN_1.plusDays(1), JAN_1.plusDays(2));

    RunPlan plan =
        step(true)
            .plan(new PlanStep.Input(Optional.empty(), false, Optional.of(JAN_1.plusDays(2))));

    assertThat(plan.mode()).isEqualTo(RunMode.INCREMENTAL);
    // Watermark Jan 3 minus the default lookback of 3 days is before the start date, Jan 1: from
    // there through today.
    assertThat(plan.range()).isEqualTo(new DateRange(JAN_1, JAN_5));
    assertThat(plan.folders())
        .extracting(FolderPlan::action)
        .containsExactly(
            FolderAction.UNCHANGED,
            FolderAction.UNCHANGED,
            FolderAction.UNCHANGED,
            FolderAction.READ_ALL,
            FolderAction.READ_ALL);
    // Its range in whole, and the fingerprints of every folder before it: late files may land in
    // any of them (there are none before Jan 1).
    assertThat(asked).containsExactly(Optional.of(plan.range()));
    assertThat(fingerprintsAsked).containsExactly(JAN_1);
    assertThat(PlanStep.describe(plan))
        .startsWith("incremental 2026-01-01 .. 2026-01-05: 2 folders to read (2 files, ");
  }

  @Test
  void theLateFileSearchReadsTheWholeRecordOfAChangedOlderFolderOnly() {
    publish(JAN_1, JAN_1.plusDays(1), JAN_1.plusDays(2), JAN_1.plusDays(3), JAN_5);
    PlanStep.Input incremental = new PlanStep.Input(Optional.empty(), false, Optional.of(JAN_5));

    RunPlan nothingLate = step(true).plan(incremental);

    // Watermark Jan 5 minus the lookback of 3 days: Jan 1 is older than the range.
    DateRange range = new DateRange(JAN_1.plusDays(1), JAN_5);
    assertThat(nothingLate.range()).isEqualTo(range);
    assertThat(nothingLate.filesToRead()).isEmpty();
    assertThat(asked)
        .as("unchanged older folders need no record")
        .containsExactly(Optional.of(range));

    asked.clear();
    ws.writeRaw(
        JAN_1,
        "late.json",
        Workspace.order("ORD-LATE", JAN_1, "NEW", "2.00", "2026-01-02T09:00:00Z", 1));
    RunPlan late = step(true).plan(incremental);

    assertThat(asked).containsExactly(Optional.of(range), Optional.of(new DateRange(JAN_1, JAN_1)));
    assertThat(late.filesToRead())
        .extracting(f -> f.path().substring(f.path().lastIndexOf('/') + 1))
        .containsExactly("late.json");
    assertThat(late.lateFiles().read()).hasSize(1);
  }

  @Test
  void aBackfillAsksTheLedgerForItsRangeOnlyAndAForcedRunReadsEverything() {
    publish(JAN_1, JAN_1.plusDays(1));
    DateRange range = new DateRange(JAN_1, JAN_1.plusDays(1));

    RunPlan backfill =
        step(true).plan(new PlanStep.Input(Optional.of(range), false, Optional.empty()));
    RunPlan forced =
        step(true).plan(new PlanStep.Input(Optional.of(range), true, Optional.empty()));

    assertThat(asked).containsExactly(Optional.of(range), Optional.of(range));
    assertThat(backfill.mode()).isEqualTo(RunMode.BACKFILL);
    assertThat(backfill.filesToRead()).isEmpty();
    assertThat(forced.mode()).isEqualTo(RunMode.FORCED);
    assertThat(forced.filesToRead()).hasSize(2);
  }

  @Test
  void aTargetThatIsGoneHoldsNothingTheLedgerSays() {
    publish(JAN_1, JAN_1.plusDays(1));

    RunPlan plan =
        step(false)
            .plan(
                new PlanStep.Input(
                    Optional.of(new DateRange(JAN_1, JAN_1.plusDays(1))), false, Optional.empty()));

    assertThat(asked).as("the ledger is not asked").isEmpty();
    assertThat(plan.filesToRead()).hasSize(2);
  }

  @Test
  void aWatermarkAheadOfTodayIsRefusedWithWhatToDo() {
    assertThatThrownBy(
            () ->
                step(true)
                    .plan(
                        new PlanStep.Input(
                            Optional.empty(), false, Optional.of(LocalDate.of(2026, 2, 1)))))
        .isInstanceOf(PlanException.class)
        .hasMessageContainingAll(
            "its landing watermark 2026-02-01", "after today (2026-01-05)", "--from and --to");
  }
}

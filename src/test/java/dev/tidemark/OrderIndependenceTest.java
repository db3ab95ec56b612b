package dev.tidemark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.control.Watermark;
import dev.tidemark.control.WatermarkStore;
import dev.tidemark.plan.DateRange;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, test 2: one backfill of every day, one incremental run per day, and the days backfilled
 * in reverse order all end in the same table, equal to the golden state as of the last day.
 */
class OrderIndependenceTest {
  private static final int DAYS = 3;
  private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
  private static final LocalDate LAST = FIRST.plusDays(DAYS - 1);

  @TempDir Path all;
  @TempDir Path daily;
  @TempDir Path reverse;

  @Test
  void backfillIncrementalAndReverseOrderGiveTheGoldenState() {
    Workspace once = Workspace.create(all);
    Workspace perDay = Workspace.create(daily);
    Workspace backwards = Workspace.create(reverse);
    for (Workspace ws : List.of(once, perDay, backwards)) {
      ws.generate(DAYS, 200);
    }
    List<String> golden = Tables.goldenAsOf(once.golden, LAST);
    assertThat(golden).isNotEmpty();

    MutableClock clock = MutableClock.at(LAST.plusDays(1));
    RunOutcome single = once.pipeline(clock).run(Optional.of(new DateRange(FIRST, LAST)));
    assertThat(single).isInstanceOf(RunOutcome.Succeeded.class);

    MutableClock today = MutableClock.at(FIRST);
    for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
      today.setDay(day);
      RunOutcome incremental = perDay.pipeline(today).run(Optional.empty());
      assertThat(incremental)
          .as("incremental run on %s", day)
          .isInstanceOf(RunOutcome.Succeeded.class);
    }
    Watermark watermark = new WatermarkStore(TestSpark.session(), perDay.tables()).read("orders");
    assertThat(watermark.landing()).contains(LAST);

    RunOutcome lastOfReverse = null;
    for (LocalDate day = LAST; !day.isBefore(FIRST); day = day.minusDays(1)) {
      lastOfReverse = backwards.pipeline(clock).run(Optional.of(new DateRange(day, day)));
      // Days before this one are not published yet, so reconciliation against the golden state
      // of the last day may breach in between; it must pass once every day is in.
      assertThat(lastOfReverse).isNotInstanceOf(RunOutcome.Failed.class);
    }
    assertThat(lastOfReverse).isInstanceOf(RunOutcome.Succeeded.class);
    assertThat(lastOfReverse.run().reconciled().orElseThrow().mismatchCount()).isZero();

    assertThat(Tables.target(once.targetPath())).isEqualTo(golden);
    assertThat(Tables.target(perDay.targetPath())).isEqualTo(golden);
    assertThat(Tables.target(backwards.targetPath())).isEqualTo(golden);
    for (Workspace ws : List.of(once, perDay, backwards)) {
      assertThat(Tables.duplicateKeys(ws.targetPath())).isZero();
    }
  }
}

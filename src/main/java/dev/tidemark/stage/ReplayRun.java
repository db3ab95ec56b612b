package dev.tidemark.stage;

import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.RunMode;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.source.QuarantineReplay;
import java.time.LocalDate;
import java.util.List;

/** The parts of a replay run that differ from a run over files: its plan and its stage line. */
public final class ReplayRun {
  private ReplayRun() {}

  /**
   * A replay reads no folder; its range is the landing dates of the rows it replays (today when
   * none has one), which is what the runs table and the report show it against.
   */
  public static RunPlan plan(String pipeline, QuarantineReplay replay, LocalDate today) {
    DateRange range = replay.count().landingDates().orElse(new DateRange(today, today));
    return new RunPlan(pipeline, RunMode.REPLAY, range, List.of());
  }

  static String describe(StageResult s) {
    return String.format(
        "%,d quarantined rows parsed again: %,d now parse (%,d staged after dedup), %,d still"
            + " fail and stay in quarantine with their reason",
        s.rowsRead(), s.rowsValid(), s.rowsStaged(), s.rowsQuarantined());
  }
}

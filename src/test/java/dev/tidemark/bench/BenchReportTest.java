package dev.tidemark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.sample.SampleSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic: medians without the warm-up, ratios, and the goals' verdicts. */
class BenchReportTest {
  private static final SampleSpec RANGE = new SampleSpec(LocalDate.of(2026, 1, 1), 30, 1000, 1, 1);
  private static final SampleSpec DAILY = new SampleSpec(LocalDate.of(2026, 1, 1), 31, 100, 1, 1);

  private static void add(List<Measurement> all, String name, double... seconds) {
    for (int rep = 0; rep < seconds.length; rep++) {
      all.add(new Measurement(name, rep, seconds[rep], seconds[rep], 1 << 20, -1, -1, ""));
    }
  }

  private static void addRun(List<Measurement> all, String name, long files, double... seconds) {
    for (int rep = 0; rep < seconds.length; rep++) {
      all.add(new Measurement(name, rep, seconds[rep], seconds[rep], 1 << 20, files, 0, ""));
    }
  }

  private static List<Measurement> measurements(double forceSeconds, long rerunFiles) {
    List<Measurement> all = new ArrayList<>();
    add(all, "floor", 99, 10, 12, 11);
    add(all, "naive", 99, 20, 20, 20);
    addRun(all, "backfill", 30, 99, 14, 15, 16);
    addRun(all, "rerun", rerunFiles, 99, 1, 1, 1);
    addRun(all, "rerun --force", 0, 99, forceSeconds, forceSeconds, forceSeconds);
    add(all, "reconcile", 99, 5, 5, 5);
    addRun(all, "incremental x1", 10, 99, 4, 4, 4);
    addRun(all, "incremental x10", 10, 99, 4.4, 4.4, 4.4);
    return all;
  }

  @Test
  void mediansLeaveTheWarmUpOutAndGoalsCompareMedians() {
    BenchReport report = new BenchReport(measurements(8, 0), RANGE, DAILY, 10, "local[2]");

    assertThat(report.median("floor")).isEqualTo(11);
    assertThat(report.median("backfill")).isEqualTo(15);
    assertThat(report.goals())
        .extracting(BenchReport.Goal::name, BenchReport.Goal::met)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("full backfill / plain copy", true),
            org.assertj.core.groups.Tuple.tuple("rerun, unchanged inputs / full backfill", true),
            org.assertj.core.groups.Tuple.tuple("rerun --force / full backfill", true),
            org.assertj.core.groups.Tuple.tuple("incremental day, history x10 / x1", true),
            org.assertj.core.groups.Tuple.tuple("reconciliation / full backfill", true),
            org.assertj.core.groups.Tuple.tuple(
                "every case completes within the driver heap", true));
    assertThat(report.allGoalsMet()).isTrue();
    assertThat(report.markdown())
        .contains("| backfill | 15.0 | 99.0 | 1.36 | 1 | 120 |")
        .contains("| rerun --force / full backfill | 0.53 | 0.60 | yes |");
  }

  @Test
  void aSlowForcedRerunOrARerunThatRewritesFilesMissesItsGoal() {
    BenchReport slow = new BenchReport(measurements(10, 0), RANGE, DAILY, 10, "local[2]");
    assertThat(slow.allGoalsMet()).isFalse();
    assertThat(slow.markdown()).contains("| rerun --force / full backfill | 0.67 | 0.60 | NO |");

    BenchReport rewrites = new BenchReport(measurements(8, 2), RANGE, DAILY, 10, "local[2]");
    assertThat(rewrites.markdown())
        .contains(
            "| rerun, unchanged inputs / full backfill | 0.07 | 0.10 | NO (8 target files"
                + " rewritten) |");
  }
}

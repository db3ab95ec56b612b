package dev.tidemark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  private static void addProcess(List<Measurement> all, String name, double... seconds) {
    for (int rep = 0; rep < seconds.length; rep++) {
      all.add(new Measurement(name, rep, seconds[rep], seconds[rep], 0, -1, -1, "exit 0"));
    }
  }

  private static List<Measurement> processes(double statusSeconds) {
    List<Measurement> all = new ArrayList<>();
    addProcess(all, ProcessCases.STATUS, 99, statusSeconds, statusSeconds, statusSeconds);
    addProcess(all, ProcessCases.HISTORY, 99, 2, 2, 2);
    addProcess(all, ProcessCases.NO_OP_RUN, 99, 3, 3, 3);
    addProcess(all, ProcessCases.BASELINE, 99, 20, 21, 19);
    return all;
  }

  private static List<Measurement> measurements(
      double forceSeconds, long rerunFiles, double statusSeconds) {
    List<Measurement> all = new ArrayList<>();
    add(all, "floor", 99, 10, 12, 11);
    add(all, "naive", 99, 20, 20, 20);
    add(all, "naive rerun", 99, 18, 18, 18);
    addRun(all, "backfill", 30, 99, 14, 15, 16);
    addRun(all, "rerun", rerunFiles, 99, 0.5, 0.5, 0.5);
    addRun(all, "rerun --force", 0, 99, forceSeconds, forceSeconds, forceSeconds);
    add(all, "reconcile", 99, 5, 5, 5);
    all.addAll(processes(statusSeconds));
    addRun(all, "incremental x1", 10, 99, 4, 4, 4);
    add(all, "naive daily x1", 99, 5, 5, 5);
    addRun(all, "incremental x10", 10, 99, 4.2, 4.2, 4.2);
    add(all, "naive daily x10", 99, 5, 5, 5);
    return all;
  }

  @Test
  void mediansLeaveTheWarmUpOutAndGoalsCompareMedians() {
    BenchReport report = new BenchReport(measurements(8, 0, 2), RANGE, DAILY, 10, "local[2]");

    assertThat(report.median("floor")).isEqualTo(11);
    assertThat(report.median("backfill")).isEqualTo(15);
    assertThat(report.goals())
        .extracting(BenchReport.Goal::name, BenchReport.Goal::met)
        .containsExactly(
            tuple("incremental day / naive daily, 30 days of history", true),
            tuple("incremental day / naive daily, 300 days of history", true),
            tuple("incremental day, 300 / 30 days of history", true),
            tuple("first backfill / naive backfill", true),
            tuple("rerun, unchanged inputs / full backfill", true),
            tuple("rerun --force / full backfill", true),
            tuple("reconciliation / full backfill", true),
            tuple("every case completes within the driver heap", true),
            tuple("status process / Spark count process", true),
            tuple("history process / Spark count process", true),
            tuple("no-op run process / Spark count process", true));
    assertThat(report.allGoalsMet()).isTrue();
    assertThat(report.markdown())
        .contains("| backfill | 15.0 | 99.0 | 1.36 | 1 | 120 |")
        .contains("| naive daily x10 | 5.0 | 99.0 | 0.45 | 1 |  |")
        .contains("| rerun --force / full backfill | 0.53 | 0.60 | yes |")
        .contains("| incremental day / naive daily, 300 days of history | 0.84 | 1.00 | yes |")
        .contains("| incremental day, 300 / 30 days of history | 1.05 | 1.10 | yes |")
        .contains("| first backfill / naive backfill | 0.75 | 1.30 | yes |")
        .doesNotContain("full backfill / plain copy");
  }

  @Test
  void processesHaveTheirOwnTableWithRatiosToTheSparkCount() {
    BenchReport report = new BenchReport(measurements(8, 0, 2), RANGE, DAILY, 10, "local[2]");

    String markdown = report.markdown();
    assertThat(markdown)
        .contains("| status | 2.0 | 2.0, 2.0, 2.0 | 99.0 | 0.10 | exit 0 |")
        .contains("| Spark count (baseline) | 20.0 | 20.0, 21.0, 19.0 | 99.0 | 1.00 | exit 0 |")
        .contains("| no-op run process / Spark count process | 0.15 | 0.20 | yes |")
        .doesNotContain("| process: status |");
  }

  @Test
  void theJsonKeepsProcessesApartFromTheCases() throws Exception {
    BenchReport report = new BenchReport(measurements(8, 0, 2), RANGE, DAILY, 10, "local[2]");

    JsonNode json = new ObjectMapper().readTree(report.json());
    assertThat(json.get("cases").findValuesAsText("case"))
        .doesNotContain(ProcessCases.STATUS)
        .contains("naive rerun", "naive daily x1", "naive daily x10");
    assertThat(json.get("processes").findValuesAsText("process"))
        .containsExactly("status", "history", "no-op run", "Spark count (baseline)");
    assertThat(json.get("processes").get(0).get("ratio_to_spark_count").asDouble()).isEqualTo(0.1);
  }

  @Test
  void aSlowForcedRerunOrARerunThatRewritesFilesMissesItsGoal() {
    BenchReport slow = new BenchReport(measurements(10, 0, 2), RANGE, DAILY, 10, "local[2]");
    assertThat(slow.allGoalsMet()).isFalse();
    assertThat(slow.markdown()).contains("| rerun --force / full backfill | 0.67 | 0.60 | NO |");

    BenchReport rewrites = new BenchReport(measurements(8, 2, 2), RANGE, DAILY, 10, "local[2]");
    assertThat(rewrites.markdown())
        .contains(
            "| rerun, unchanged inputs / full backfill | 0.03 | 0.05 | NO (8 target files"
                + " rewritten) |");
  }

  @Test
  void aSlowCommandProcessMissesItsGoal() {
    BenchReport report = new BenchReport(measurements(8, 0, 10), RANGE, DAILY, 10, "local[2]");

    assertThat(report.allGoalsMet()).isFalse();
    assertThat(report.markdown())
        .contains("| status process / Spark count process | 0.50 | 0.20 | NO |");
  }

  @Test
  void theProcessesAloneAreJudgedByTheirOwnGoals() {
    ProcessReport alone = new ProcessReport(processes(10));

    assertThat(alone.goals())
        .extracting(BenchReport.Goal::name, BenchReport.Goal::met)
        .containsExactly(
            tuple("status process / Spark count process", false),
            tuple("history process / Spark count process", true),
            tuple("no-op run process / Spark count process", true));
  }
}

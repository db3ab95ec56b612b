package dev.tidemark.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlReads;
import dev.tidemark.control.TargetTrust;
import dev.tidemark.kernel.KernelTables;
import dev.tidemark.plan.DateRange;
import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.RunPlan;
import dev.tidemark.testing.RunHistory;
import dev.tidemark.testing.Tables;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Status read through Delta Kernel, without Spark, is the status read through Spark: on the control
 * tables of real runs (a backfill, incremental runs, a no-op, a breach, a failure), and on a target
 * changed behind the runs' back.
 */
class StateSourceTest {
  @TempDir Path dir;

  @Test
  void kernelReadsTheStatusSparkReads() throws Exception {
    Workspace ws = RunHistory.workspace();
    TidemarkConfig config = ws.config();
    StateSource spark = StateSource.spark(TestSpark.session(), config);
    StateSource kernel = kernelSource(config);

    StatusReport.Snapshot viaSpark = StatusReport.snapshot(spark, config, RunHistory.clock(), 50);
    StatusReport.Snapshot viaKernel = StatusReport.snapshot(kernel, config, RunHistory.clock(), 50);

    assertThat(viaSpark.runs()).hasSizeGreaterThan(4);
    assertThat(viaKernel.runs()).isEqualTo(viaSpark.runs());
    assertThat(viaKernel.calendar()).isEqualTo(viaSpark.calendar());
    // Read as summaries, the dates still count their files: each processed date's detail names
    // as many files as its folder holds.
    DateCoverage processed =
        viaKernel.calendar().stream()
            .filter(c -> c.state() == CoverageState.PROCESSED)
            .findFirst()
            .orElseThrow();
    long files;
    try (var list = java.nio.file.Files.list(ws.raw.resolve("dt=" + processed.date()))) {
      files = list.count();
    }
    assertThat(processed.detail()).endsWith("(" + files + " files)");
    assertThat(viaKernel.status()).isEqualTo(viaSpark.status());
    assertThat(viaKernel.status().targetVersion()).isPresent();
    assertThat(viaKernel.status().watermark().landing()).isPresent();
    assertThat(viaKernel.status().stale()).containsExactly(RunHistory.STALE_DATE);
    ControlReads control = kernel.control();
    String last = viaSpark.runs().get(1).runId();
    assertThat(control.run(last)).isEqualTo(spark.control().run(last)).isPresent();
    assertThat(control.lastPublished("orders"))
        .isNotEmpty()
        .isEqualTo(spark.control().lastPublished("orders"));
    assertThat(control.recentRuns("orders", 2)).isEqualTo(viaSpark.runs().subList(0, 2));
  }

  @Test
  void kernelReadsTheReportSparkReads() {
    Workspace ws = RunHistory.workspace();
    TidemarkConfig config = ws.config();

    PipelineReport viaSpark =
        ReportReader.read(
            StateSource.spark(TestSpark.session(), config), config, RunHistory.clock(), 50);
    PipelineReport viaKernel =
        ReportReader.read(kernelSource(config), config, RunHistory.clock(), 50);

    assertThat(viaSpark.quarantine().rows()).isPositive();
    assertThat(viaKernel.quarantine()).isEqualTo(viaSpark.quarantine());
    assertThat(viaKernel.latestReconciliation())
        .isPresent()
        .isEqualTo(viaSpark.latestReconciliation());
    // Spark leaves the order of one run's checks open.
    assertThat(viaKernel.quality()).containsExactlyInAnyOrderElementsOf(viaSpark.quality());
    assertThat(viaKernel).usingRecursiveComparison().ignoringFields("quality").isEqualTo(viaSpark);
  }

  @Test
  void kernelPlansWhatSparkPlans() {
    Workspace ws = RunHistory.workspace();
    TidemarkConfig config = ws.config();
    StateSource spark = StateSource.spark(TestSpark.session(), config);
    StateSource kernel = kernelSource(config);
    Optional<DateRange> backfill =
        Optional.of(new DateRange(RunHistory.STALE_DATE, RunHistory.NOW_DAY));

    RunPlan incremental = kernel.plan(config, RunHistory.clock(), Optional.empty());
    RunPlan range = kernel.plan(config, RunHistory.clock(), backfill);

    // Everything but the time the listing took.
    assertThat(incremental)
        .usingRecursiveComparison()
        .ignoringFields("lateFiles.listMillis")
        .isEqualTo(spark.plan(config, RunHistory.clock(), Optional.empty()))
        .isEqualTo(ws.pipeline(RunHistory.clock()).plan(Optional.empty()));
    assertThat(incremental.readDates()).isNotEmpty();
    assertThat(range).isEqualTo(ws.pipeline(RunHistory.clock()).plan(backfill));
    assertThat(range.folders()).extracting(f -> f.action()).contains(FolderAction.UNCHANGED);
  }

  @Test
  void kernelFindsATargetChangedByHandAsSparkDoes() {
    Workspace ws = RunHistory.workspace().copyTo(dir);
    TidemarkConfig config = ws.config();
    String key = Tables.delta(ws.targetPath()).first().getAs("order_id");
    TestSpark.session()
        .sql("DELETE FROM delta.`" + ws.targetPath() + "` WHERE order_id = '" + key + "'");
    StateSource spark = StateSource.spark(TestSpark.session(), config);
    StateSource kernel = kernelSource(config);

    var viaSpark = TargetTrust.nextRunRefusal(spark.target(), spark.control(), "orders");
    var viaKernel = TargetTrust.nextRunRefusal(kernel.target(), kernel.control(), "orders");

    assertThat(viaSpark).isPresent();
    assertThat(viaSpark.get()).contains("(history changed by hand)", "a DELETE made outside a run");
    assertThat(viaKernel).isEqualTo(viaSpark);
  }

  @Test
  void aPipelineNeverRunHasNoRunsThroughKernel() {
    Workspace ws = Workspace.create(dir);
    StateSource kernel = kernelSource(ws.config());

    assertThat(kernel.control().hasRuns()).isFalse();
    PipelineStatus status = StatusReport.read(kernel, ws.config(), RunHistory.clock());
    assertThat(status.lastRun()).isEmpty();
    assertThat(status.targetVersion()).isEmpty();
    assertThat(StateSource.withoutSpark(ws.config())).isTrue();
  }

  private static StateSource kernelSource(TidemarkConfig config) {
    return StateSource.kernel(KernelTables.of(config.settings()), config);
  }
}

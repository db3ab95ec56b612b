package dev.tidemark.report;

import dev.tidemark.control.ControlStore;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What the report shows of a pipeline beside its status: the latest reconciliation, the quality
 * checks, the quarantine. Read through Spark, or through Delta Kernel ({@link KernelEvidence}).
 */
interface Evidence {
  Optional<ReconciliationSummary> latestReconciliation(String pipeline);

  /** The quality checks of the newest audited runs, newest run first. */
  List<QualityCheck> quality(String pipeline);

  QuarantineSummary quarantine(String pipeline);

  static Evidence spark(SparkSession spark, ControlStore tables) {
    return new Evidence() {
      @Override
      public Optional<ReconciliationSummary> latestReconciliation(String pipeline) {
        return ReportReader.latestReconciliation(spark, tables.reconciliation(), pipeline);
      }

      @Override
      public List<QualityCheck> quality(String pipeline) {
        return ReportReader.quality(spark, tables.quality(), pipeline);
      }

      @Override
      public QuarantineSummary quarantine(String pipeline) {
        return ReportReader.quarantine(spark, tables.quarantine(), pipeline);
      }
    };
  }
}

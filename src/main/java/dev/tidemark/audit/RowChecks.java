package dev.tidemark.audit;

import dev.tidemark.config.QualityCheckConfig;
import dev.tidemark.config.QualityCheckType;
import dev.tidemark.transform.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * Checks that judge each row of the staged batch: unique, not_null, accepted_values, expression.
 * Every row gets one flag per check ("fails it") and one aggregation counts them all, so the checks
 * together cost one Spark job; sample keys take one more small job, only for a check that failed.
 */
final class RowChecks {
  private static final String KEY = "_tm_key";
  private static final String CHECK = "_tm_check";

  private RowChecks() {}

  static boolean isPerRow(QualityCheckConfig check) {
    return check.type().perRow();
  }

  /** The per-row checks, results in the order given. */
  static List<CheckResult> run(List<QualityCheckConfig> checks, AuditSpec spec, int sampleSize) {
    if (checks.isEmpty()) {
      return List.of();
    }
    Dataset<Row> flagged = spec.batch();
    List<Column> counts = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      flagged = flagged.withColumn(flag(i), failing(checks.get(i)));
      counts.add(functions.count(functions.when(functions.col(flag(i)), functions.lit(1))));
    }
    Row row =
        flagged.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    List<Integer> failed = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      if (row.getLong(i) > 0) {
        failed.add(i);
      }
    }
    Map<Integer, List<String>> samples =
        failed.isEmpty() || sampleSize == 0
            ? Map.of()
            : samples(flagged, checks, failed, spec, sampleSize);
    List<CheckResult> results = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      QualityCheckConfig check = checks.get(i);
      long bad = row.getLong(i);
      results.add(
          new CheckResult(
              check,
              bad == 0,
              bad,
              Optional.of(spec.rowsStaged()),
              samples.getOrDefault(i, List.of()),
              String.format(
                  Locale.ROOT, "%,d of %,d rows %s", bad, spec.rowsStaged(), failure(check))));
    }
    return results;
  }

  private static String flag(int i) {
    return "_tm_fails_" + i;
  }

  /** True for a row that fails the check. */
  private static Column failing(QualityCheckConfig check) {
    Column fails = functions.lit(false);
    switch (check.type()) {
      case UNIQUE -> {
        Column anyNull = functions.lit(false);
        for (String c : check.columns()) {
          anyNull = anyNull.or(Columns.col(c).isNull());
        }
        // SQL's UNIQUE: a NULL equals nothing, so rows with one among the columns are not compared.
        Column sharing =
            functions
                .count(functions.lit(1))
                .over(Window.partitionBy(Columns.cols(check.columns())));
        fails = functions.not(anyNull).and(sharing.gt(1));
      }
      case NOT_NULL -> {
        for (String c : check.columns()) {
          fails = fails.or(Columns.col(c).isNull());
        }
      }
      case ACCEPTED_VALUES -> {
        Object[] accepted = check.values().toArray();
        for (String c : check.columns()) {
          Column value = Columns.col(c).cast("string");
          // Explicit: a NULL value passes, and isin never sees a NULL on its own side.
          fails = fails.or(value.isNotNull().and(functions.not(value.isin(accepted))));
        }
      }
      case EXPRESSION ->
          fails =
              functions.not(
                  functions.coalesce(
                      functions.expr(check.expression().orElseThrow()), functions.lit(false)));
      default -> throw new IllegalArgumentException("Not a per-row check: " + check.type());
    }
    return fails;
  }

  private static String failure(QualityCheckConfig check) {
    return switch (check.type()) {
      case UNIQUE -> "share their " + String.join(", ", check.columns()) + " with another row";
      case NOT_NULL -> "have a NULL in " + String.join(", ", check.columns());
      case ACCEPTED_VALUES ->
          "have a value of " + String.join(", ", check.columns()) + " not in " + check.values();
      case EXPRESSION -> "do not satisfy " + check.expression().orElseThrow();
      default -> "fail";
    };
  }

  /**
   * Per failed check (by position), its first failing natural keys in key order; for unique, the
   * first repeated values (the keys of rows that share a value say less than the value). One job
   * for all of them.
   */
  private static Map<Integer, List<String>> samples(
      Dataset<Row> flagged,
      List<QualityCheckConfig> checks,
      List<Integer> failed,
      AuditSpec spec,
      int sampleSize) {
    List<Column> entries = new ArrayList<>();
    for (int i : failed) {
      QualityCheckConfig check = checks.get(i);
      boolean unique = check.type() == QualityCheckType.UNIQUE;
      Column key = text(unique ? check.columns() : spec.pipeline().keys());
      entries.add(
          functions.when(
              functions.col(flag(i)), functions.struct(functions.lit(i).as(CHECK), key.as(KEY))));
    }
    Dataset<Row> failing =
        flagged
            .select(functions.explode(functions.array(entries.toArray(Column[]::new))).as("e"))
            .where(functions.col("e").isNotNull())
            .select("e.*")
            .distinct();
    Map<Integer, List<String>> samples = new TreeMap<>();
    for (Row r :
        failing
            .withColumn(
                "_tm_n",
                functions.row_number().over(Window.partitionBy(CHECK).orderBy(functions.col(KEY))))
            .where(functions.col("_tm_n").leq(sampleSize))
            .select(CHECK, KEY)
            .collectAsList()) { // at most sampleSize per check: sorted here, no Spark sort job
      samples.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(r.getString(1));
    }
    samples.values().forEach(java.util.Collections::sort);
    return samples;
  }

  /** Column values as one text, '|' between them, NULL spelled out: how sample keys read. */
  private static Column text(List<String> columns) {
    return functions.concat_ws(
        "|",
        columns.stream()
            .map(c -> functions.coalesce(Columns.col(c).cast("string"), functions.lit("NULL")))
            .toArray(Column[]::new));
  }
}

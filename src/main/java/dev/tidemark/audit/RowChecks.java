package dev.tidemark.audit;

import dev.tidemark.config.QualityCheckConfig;
import dev.tidemark.config.QualityCheckType;
import dev.tidemark.transform.Columns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Checks that judge each row of the staged batch. not_null, accepted_values and expression are
 * counted together in one aggregation; each unique check is one grouping. Sample keys take one more
 * small job, and only for a check that failed.
 */
final class RowChecks {
  private static final String KEY = "_tm_key";

  private RowChecks() {}

  /** The not_null, accepted_values and expression checks, in the order given. */
  static List<CheckResult> perRow(List<QualityCheckConfig> checks, AuditSpec spec, int sampleSize) {
    if (checks.isEmpty()) {
      return List.of();
    }
    Map<QualityCheckConfig, Column> failing = new LinkedHashMap<>();
    List<Column> counts = new ArrayList<>();
    for (QualityCheckConfig check : checks) {
      Column fails = failing(check);
      failing.put(check, fails);
      counts.add(functions.count(functions.when(fails, functions.lit(1))));
    }
    Row row =
        spec.batch()
            .agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new))
            .first();
    List<CheckResult> results = new ArrayList<>();
    int i = 0;
    for (Map.Entry<QualityCheckConfig, Column> entry : failing.entrySet()) {
      QualityCheckConfig check = entry.getKey();
      long bad = row.getLong(i++);
      List<String> samples = bad > 0 ? sampleKeys(spec, entry.getValue(), sampleSize) : List.of();
      results.add(
          new CheckResult(
              check,
              bad == 0,
              bad,
              Optional.of(spec.rowsStaged()),
              samples,
              String.format(
                  Locale.ROOT, "%,d of %,d rows %s", bad, spec.rowsStaged(), failure(check))));
    }
    return results;
  }

  static CheckResult unique(QualityCheckConfig check, AuditSpec spec, int sampleSize) {
    Column[] columns = Columns.cols(check.columns());
    Column anyNull = functions.lit(false);
    for (Column c : columns) {
      anyNull = anyNull.or(c.isNull());
    }
    // SQL's UNIQUE: a NULL equals nothing, so rows with one among the columns are not compared.
    Dataset<Row> repeated =
        spec.batch()
            .where(functions.not(anyNull))
            .groupBy(columns)
            .count()
            .where(functions.col("count").gt(1));
    Row totals =
        repeated
            .agg(
                functions.coalesce(functions.sum("count"), functions.lit(0L)),
                functions.count(functions.lit(1)))
            .first();
    long rows = totals.getLong(0);
    long values = totals.getLong(1);
    List<String> samples = List.of();
    if (rows > 0 && sampleSize > 0) {
      samples =
          repeated
              .select(text(check.columns()).as(KEY))
              .orderBy(KEY)
              .limit(sampleSize)
              .collectAsList()
              .stream()
              .map(r -> r.getString(0))
              .toList();
    }
    String details =
        String.format(
            Locale.ROOT,
            "%,d of %,d rows share their %s with another row (%,d repeated values)",
            rows,
            spec.rowsStaged(),
            String.join(", ", check.columns()),
            values);
    return new CheckResult(
        check, rows == 0, rows, Optional.of(spec.rowsStaged()), samples, details);
  }

  /** True for a row that fails the check. */
  private static Column failing(QualityCheckConfig check) {
    Column fails = functions.lit(false);
    switch (check.type()) {
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
      case NOT_NULL -> "have a NULL in " + String.join(", ", check.columns());
      case ACCEPTED_VALUES ->
          "have a value of " + String.join(", ", check.columns()) + " not in " + check.values();
      case EXPRESSION -> "do not satisfy " + check.expression().orElseThrow();
      default -> "fail";
    };
  }

  /** The natural keys of the first failing rows, in key order. */
  private static List<String> sampleKeys(AuditSpec spec, Column failing, int sampleSize) {
    if (sampleSize == 0) {
      return List.of();
    }
    return spec
        .batch()
        .where(failing)
        .select(text(spec.pipeline().keys()).as(KEY))
        .orderBy(KEY)
        .limit(sampleSize)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  /** Column values as one text, '|' between them, NULL spelled out: how sample keys read. */
  private static Column text(List<String> columns) {
    return functions.concat_ws(
        "|",
        columns.stream()
            .map(c -> functions.coalesce(Columns.col(c).cast("string"), functions.lit("NULL")))
            .toArray(Column[]::new));
  }

  static boolean isPerRow(QualityCheckConfig check) {
    return check.type() == QualityCheckType.NOT_NULL
        || check.type() == QualityCheckType.ACCEPTED_VALUES
        || check.type() == QualityCheckType.EXPRESSION;
  }
}

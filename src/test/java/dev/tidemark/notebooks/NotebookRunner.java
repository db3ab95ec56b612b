package dev.tidemark.notebooks;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a notebook's SQL cells the way Databricks would: every {@code ${widget}} replaced by the
 * widget's value as text, then each cell as one statement.
 */
final class NotebookRunner {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}");

  private final SparkSession spark;

  NotebookRunner(SparkSession spark) {
    this.spark = spark;
  }

  /** Every SQL cell's rows, in notebook order; {@code values} override widget defaults. */
  NotebookResults runAll(Notebook notebook, Map<String, String> values) {
    Map<NotebookCell, List<Row>> rows = new LinkedHashMap<>();
    for (NotebookCell cell : notebook.queries()) {
      rows.put(cell, run(notebook, cell, values));
    }
    return new NotebookResults(notebook, rows);
  }

  List<Row> run(Notebook notebook, NotebookCell cell, Map<String, String> values) {
    String sql = substitute(notebook, cell, values);
    try {
      return spark.sql(sql).collectAsList();
    } catch (Exception e) { // Spark's ParseException and AnalysisException are checked
      throw new AssertionError(
          notebook.name() + " " + cell.label() + " failed: " + e.getMessage() + "\n" + sql, e);
    }
  }

  static String substitute(Notebook notebook, NotebookCell cell, Map<String, String> values) {
    for (String name : values.keySet()) {
      if (!notebook.widgetDefaults().containsKey(name)) {
        throw new IllegalArgumentException(notebook.name() + " declares no widget " + name);
      }
    }
    Map<String, String> widgets = new HashMap<>(notebook.widgetDefaults());
    widgets.putAll(values);
    Matcher reference = REFERENCE.matcher(cell.text());
    StringBuilder sql = new StringBuilder();
    while (reference.find()) {
      String value = widgets.get(reference.group(1));
      if (value == null) {
        throw new AssertionError(
            notebook.name()
                + " "
                + cell.label()
                + " uses ${"
                + reference.group(1)
                + "}, which no CREATE WIDGET declares");
      }
      reference.appendReplacement(sql, Matcher.quoteReplacement(value));
    }
    reference.appendTail(sql);
    return sql.toString();
  }
}

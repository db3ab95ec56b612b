package dev.tidemark.notebooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a notebook's SQL cells the way Databricks would: each cell as one statement, with every
 * widget's value bound to the named parameter marker of its name ({@code :pipeline}). The legacy
 * {@code ${widget}} substitution, deprecated since Databricks Runtime 15.2, is refused.
 */
final class NotebookRunner {
  private static final Pattern MARKER = Pattern.compile("(?<![:\\w]):([A-Za-z_]\\w*)");
  private static final Pattern LEGACY = Pattern.compile("\\$\\{(\\w+)}");

  private final SparkSession spark;

  NotebookRunner(SparkSession spark) {
    // Delta's SQL parser does not pass Spark 4.1's parameters on to Spark's pre-parser
    // (delta-io/delta#7640): with it, markers bind during analysis, as in Spark 3.4 to 4.0, which
    // Databricks' own parser needs no setting for. A session of its own keeps the setting out of
    // every other test.
    this.spark = spark.newSession();
    this.spark.conf().set("spark.sql.legacy.parameterSubstitution.constantsOnly", "true");
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
    Map<String, Object> widgets = widgets(notebook, values);
    Matcher legacy = LEGACY.matcher(cell.text());
    if (legacy.find()) {
      throw new AssertionError(
          notebook.name()
              + " "
              + cell.label()
              + " uses ${"
              + legacy.group(1)
              + "}, deprecated since Databricks Runtime 15.2: write :"
              + legacy.group(1)
              + ", or IDENTIFIER(:"
              + legacy.group(1)
              + " || '.table') for a table name");
    }
    // Markers outside string literals and comments: one that names no widget fails here, by name.
    Matcher marker =
        MARKER.matcher(cell.text().replaceAll("'(?:[^']|'')*'", "''").replaceAll("--[^\\n]*", ""));
    while (marker.find()) {
      if (!widgets.containsKey(marker.group(1))) {
        throw new AssertionError(
            notebook.name()
                + " "
                + cell.label()
                + " uses :"
                + marker.group(1)
                + ", which no CREATE WIDGET declares");
      }
    }
    try {
      return spark.sql(cell.text(), widgets).collectAsList();
    } catch (Exception e) { // Spark's ParseException and AnalysisException are checked
      throw new AssertionError(
          notebook.name()
              + " "
              + cell.label()
              + " failed: "
              + e.getMessage()
              + "\nwith widgets "
              + widgets
              + "\n"
              + cell.text(),
          e);
    }
  }

  /** The widgets' values: their defaults, overridden by {@code values}, each of a declared one. */
  private static Map<String, Object> widgets(Notebook notebook, Map<String, String> values) {
    for (String name : values.keySet()) {
      if (!notebook.widgetDefaults().containsKey(name)) {
        throw new IllegalArgumentException(notebook.name() + " declares no widget " + name);
      }
    }
    Map<String, Object> widgets = new TreeMap<>(notebook.widgetDefaults());
    widgets.putAll(values);
    return widgets;
  }
}

package dev.tidemark.notebooks;

import java.util.Optional;

/**
 * One cell of a Databricks SQL notebook in source format.
 *
 * @param number 1-based, counting every cell (markdown too), as the notebook shows them
 * @param kind what the test does with it
 * @param text the cell as written, without its separator lines
 * @param title the {@code -- DBTITLE 1,…} title Databricks shows above the cell, if any
 */
record NotebookCell(int number, Kind kind, String text, Optional<String> title) {
  enum Kind {
    /** {@code -- MAGIC %md}: text for the reader, nothing to run. */
    MARKDOWN,
    /** {@code CREATE WIDGET} statements: Databricks-only, so the test reads them instead. */
    WIDGETS,
    /** A query: runs on open-source Spark as on Databricks. */
    SQL
  }

  String label() {
    return "cell " + number + title.map(t -> " (" + t + ")").orElse("");
  }
}

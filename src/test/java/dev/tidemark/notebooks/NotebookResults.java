package dev.tidemark.notebooks;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** What a user reads after running a notebook: each SQL cell's rows. */
record NotebookResults(Notebook notebook, Map<NotebookCell, List<Row>> rows) {
  List<Row> of(String title) {
    return rows.get(notebook.titled(title));
  }
}

package dev.tidemark.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.testing.TestSpark;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What makes a notebook file unusable is reported with the notebook and the place: a wrong first
 * line, a mangled separator, a cell Spark cannot parse, a widget no cell declares.
 */
class NotebookFormatTest {
  @Test
  void aNotebookMustStartWithTheDatabricksHeader() {
    assertThatThrownBy(() -> Notebook.parse("plain.sql", "SELECT 1\n"))
        .hasMessageContaining("plain.sql")
        .hasMessageContaining(Notebook.HEADER);
  }

  @Test
  void aMangledSeparatorIsReportedWithItsLine() {
    String source = Notebook.HEADER + "\nSELECT 1\n\n-- COMMAND ------\n\nSELECT 2\n";
    assertThatThrownBy(() -> Notebook.parse("mangled.sql", source))
        .hasMessageContaining("mangled.sql line 4");
  }

  @Test
  void aCellThatDoesNotParseFailsWithTheNotebookAndCellNumber() {
    Notebook notebook =
        Notebook.parse(
            "broken.sql",
            String.join(
                "\n",
                Notebook.HEADER,
                "-- MAGIC %md",
                "-- MAGIC # Broken",
                "",
                Notebook.SEPARATOR,
                "",
                "CREATE WIDGET TEXT control_schema DEFAULT 'main.tidemark';",
                "",
                Notebook.SEPARATOR,
                "",
                "SELECT 1",
                "",
                Notebook.SEPARATOR,
                "",
                "SELEC count(*) FROM IDENTIFIER(:control_schema || '.runs')"));
    assertThat(notebook.queries()).hasSize(2);
    assertThatThrownBy(() -> new NotebookRunner(TestSpark.session()).runAll(notebook, Map.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("broken.sql cell 4")
        .hasMessageContaining("SELEC count(*)")
        .hasMessageContaining("control_schema=main.tidemark");
  }

  @Test
  void aMarkerNoWidgetDeclaresFailsTheCellNamingIt() {
    Notebook notebook =
        Notebook.parse(
            "undeclared.sql",
            Notebook.HEADER + "\nSELECT * FROM IDENTIFIER(:control_schema || '.runs')\n");
    assertThatThrownBy(() -> new NotebookRunner(TestSpark.session()).runAll(notebook, Map.of()))
        .hasMessageContaining("undeclared.sql cell 1")
        .hasMessageContaining("uses :control_schema, which no CREATE WIDGET declares");
  }

  @Test
  void theLegacyWidgetSubstitutionIsRefusedWithTheMarkerToWrite() {
    Notebook notebook =
        Notebook.parse(
            "legacy.sql",
            String.join(
                "\n",
                Notebook.HEADER,
                "CREATE WIDGET TEXT control_schema DEFAULT 'main.tidemark';",
                "",
                Notebook.SEPARATOR,
                "",
                "SELECT * FROM ${control_schema}.runs"));
    assertThatThrownBy(() -> new NotebookRunner(TestSpark.session()).runAll(notebook, Map.of()))
        .hasMessageContaining("legacy.sql cell 2")
        .hasMessageContaining("uses ${control_schema}, deprecated since Databricks Runtime 15.2")
        .hasMessageContaining("IDENTIFIER(:control_schema || '.table')");
  }
}

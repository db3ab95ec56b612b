package dev.tidemark.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Databricks SQL notebook in source format, read strictly: Databricks imports a file with a wrong
 * first line or a mangled separator as one big cell, which is only noticed in the workspace.
 */
record Notebook(String name, List<NotebookCell> cells, Map<String, String> widgetDefaults) {
  static final String HEADER = "-- Databricks notebook source";
  static final String SEPARATOR = "-- COMMAND ----------";
  private static final String MAGIC = "-- MAGIC";
  private static final Pattern TITLE = Pattern.compile("-- DBTITLE \\d+,(.*)");
  private static final Pattern WIDGET =
      Pattern.compile("CREATE WIDGET TEXT (\\w+) DEFAULT '([^']*)';?", Pattern.CASE_INSENSITIVE);

  static Notebook read(Path file) {
    try {
      return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Notebook parse(String name, String source) {
    List<String> lines = source.lines().toList();
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException(
          name + ": the first line must be exactly '" + HEADER + "'");
    }
    List<List<String>> chunks = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.equals(SEPARATOR)) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
      } else if (line.startsWith("-- COMMAND")) {
        throw new IllegalArgumentException(
            name + " line " + (i + 1) + ": a cell separator must be exactly '" + SEPARATOR + "'");
      } else {
        chunk.add(line);
      }
    }
    chunks.add(chunk);

    List<NotebookCell> cells = new ArrayList<>();
    Map<String, String> widgets = new LinkedHashMap<>();
    for (List<String> body : chunks) {
      String text = String.join("\n", body).strip();
      String label = name + " cell " + (cells.size() + 1);
      if (text.isEmpty()) {
        throw new IllegalArgumentException(label + " is empty");
      }
      NotebookCell cell = cell(label, cells.size() + 1, text);
      if (cell.kind() == NotebookCell.Kind.WIDGETS) {
        widgets.putAll(widgets(label, text));
      }
      cells.add(cell);
    }
    return new Notebook(name, List.copyOf(cells), Map.copyOf(widgets));
  }

  List<NotebookCell> queries() {
    return cells.stream().filter(c -> c.kind() == NotebookCell.Kind.SQL).toList();
  }

  NotebookCell titled(String title) {
    return cells.stream()
        .filter(c -> c.title().equals(Optional.of(title)))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " has no cell titled " + title));
  }

  private static NotebookCell cell(String label, int number, String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    if (lines.get(0).startsWith(MAGIC)) {
      if (!lines.stream().allMatch(l -> l.startsWith(MAGIC))) {
        throw new IllegalArgumentException(
            label + " mixes '-- MAGIC' lines with SQL: Databricks would run it as SQL");
      }
      return new NotebookCell(number, NotebookCell.Kind.MARKDOWN, text, Optional.empty());
    }
    Optional<String> title = Optional.empty();
    Matcher titled = TITLE.matcher(lines.get(0));
    if (titled.matches()) {
      title = Optional.of(titled.group(1).strip());
    }
    boolean widgets = lines.stream().anyMatch(l -> l.toUpperCase().startsWith("CREATE WIDGET"));
    return new NotebookCell(
        number, widgets ? NotebookCell.Kind.WIDGETS : NotebookCell.Kind.SQL, text, title);
  }

  /** Reads the widgets a cell declares; any other statement there would never run in the test. */
  private static Map<String, String> widgets(String label, String text) {
    Map<String, String> widgets = new LinkedHashMap<>();
    for (String line : text.lines().map(String::strip).toList()) {
      if (line.isEmpty() || line.startsWith("--")) {
        continue;
      }
      Matcher widget = WIDGET.matcher(line);
      if (!widget.matches()) {
        throw new IllegalArgumentException(
            label
                + ": a widget cell holds only lines like"
                + " \"CREATE WIDGET TEXT name DEFAULT 'value';\", not: "
                + line);
      }
      widgets.put(widget.group(1), widget.group(2));
    }
    return widgets;
  }
}

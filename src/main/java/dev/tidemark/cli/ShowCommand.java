package dev.tidemark.cli;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.control.ControlStore;
import dev.tidemark.report.JsonOutput;
import dev.tidemark.table.TableRef;
import dev.tidemark.transform.Columns;
import java.sql.Timestamp;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tidemark show}: rows of a pipeline's target, its quarantine or a kept staging table, so a
 * user can see what a run published, rejected or staged without another tool.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Prints rows of the pipeline's target (by default), its quarantined rows (--quarantine) or"
          + " the staging table a failed, rejected or interrupted run kept (--staging RUN_ID),"
          + " in key order.",
      "Exit codes: 0 rows shown (or none match), 2 bad usage or configuration."
    })
final class ShowCommand implements Callable<Integer> {
  /**
   * Wider values are cut in the middle in the text table, so a file's path keeps its folder and
   * name; --json prints them whole.
   */
  private static final int MAX_WIDTH = 60;

  @Parameters(paramLabel = "PIPELINE", description = "Pipeline name (conf/pipelines/NAME.conf).")
  String pipeline;

  @ArgGroup(exclusive = true)
  Which which = new Which();

  static final class Which {
    @Option(names = "--quarantine", description = "Show the pipeline's quarantined rows.")
    boolean quarantine;

    @Option(
        names = "--staging",
        paramLabel = "RUN_ID",
        description = "Show the staging table run RUN_ID kept (see `tidemark status`).")
    String stagingRun;
  }

  @Option(
      names = "--where",
      paramLabel = "SQL",
      description = "Only rows matching this SQL condition, e.g. \"status = 'paid'\".")
  String where;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "How many rows to show at most (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--json",
      description = "Print JSON (shape documented in docs/reference/json-output.md).")
  boolean json;

  @Mixin SharedOptions shared;

  private final CliContext context;

  ShowCommand(CliContext context) {
    this.context = context;
  }

  /** The table to show: what it is called in messages, and its rows in a stable order. */
  private record Shown(String what, String location, Dataset<Row> rows) {}

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new UsageException(
          "Cannot show --limit " + limit + " rows: give a number of 1 or more");
    }
    TidemarkConfig config = shared.load(pipeline);
    SparkSession spark = context.sessions().apply(config.settings());
    Shown shown = shown(spark, config);
    Dataset<Row> rows = filtered(shown);
    // One row more than asked says whether more match, without counting them all.
    List<Row> taken = rows.limit(limit + 1).collectAsList();
    boolean more = taken.size() > limit;
    List<Row> printed = more ? taken.subList(0, limit) : taken;
    if (json) {
      context.out().println(json(config.pipeline().name(), shown, printed, more));
    } else {
      text(shown, rows.columns(), printed, more);
    }
    context.out().flush();
    return ExitCodes.OK;
  }

  private Shown shown(SparkSession spark, TidemarkConfig config) {
    PipelineConfig p = config.pipeline();
    ControlStore tables = ControlStore.of(config.settings());
    Column[] keys = p.keys().stream().map(Columns::col).toArray(Column[]::new);
    if (which.quarantine) {
      Dataset<Row> rows =
          tables
              .quarantine()
              .read(spark)
              .where(functions.col("pipeline").equalTo(p.name()))
              .orderBy("landing_date", "source_file", "quarantined_at", "raw")
              // What a user reads first: where the line came from, why, and the line itself.
              .select(
                  "landing_date",
                  "source_file",
                  "reason",
                  "raw",
                  "run_id",
                  "quarantined_at",
                  "replayed_at",
                  "replay_run_id");
      return new Shown("quarantine", tables.quarantine().ref().toString(), rows);
    }
    if (which.stagingRun != null) {
      String path = tables.stagingPath(p.name(), which.stagingRun);
      TableRef staging = TableRef.path(path);
      if (!staging.exists(spark)) {
        throw new UsageException(
            "Cannot show the staging table of run "
                + which.stagingRun
                + ": there is none at "
                + path
                + ". A run deletes its staging table when it ends well; `tidemark status "
                + p.name()
                + "` lists the ones kept");
      }
      return new Shown("staging table of " + which.stagingRun, path, read(staging, spark, keys));
    }
    if (!p.target().exists(spark)) {
      throw new UsageException(
          "Cannot show the target of "
              + p.name()
              + ": there is no table at "
              + p.target()
              + " yet. Publish with `tidemark run "
              + p.name()
              + "` first");
    }
    return new Shown("target", p.target().toString(), read(p.target(), spark, keys));
  }

  private static Dataset<Row> read(TableRef table, SparkSession spark, Column[] keys) {
    return table.read(spark).orderBy(keys);
  }

  private Dataset<Row> filtered(Shown shown) {
    if (where == null || where.isBlank()) {
      return shown.rows();
    }
    try {
      Dataset<Row> rows = shown.rows().where(where);
      rows.schema(); // analysed here: an unknown column fails now, with the usage error below
      return rows;
    } catch (Exception e) { // Spark throws its checked AnalysisException undeclared
      String reason =
          String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceAll("[;.\\s]+$", "");
      throw new UsageException(
          "Cannot use --where \""
              + where
              + "\" on the "
              + shown.what()
              + ": "
              + reason
              + ". Its columns are: "
              + String.join(", ", shown.rows().columns()));
    }
  }

  private void text(Shown shown, String[] columns, List<Row> rows, boolean more) {
    context.out().println(title(shown, rows.size(), more));
    if (rows.isEmpty()) {
      return;
    }
    int[] widths = new int[columns.length];
    for (int c = 0; c < columns.length; c++) {
      widths[c] = columns[c].length();
      for (Row row : rows) {
        widths[c] = Math.max(widths[c], cell(row, c).length());
      }
    }
    context.out().println(line(columns, widths));
    for (Row row : rows) {
      String[] cells = new String[columns.length];
      for (int c = 0; c < columns.length; c++) {
        cells[c] = cell(row, c);
      }
      context.out().println(line(cells, widths));
    }
  }

  private String title(Shown shown, int shownRows, boolean more) {
    String filter = where == null || where.isBlank() ? "" : " where " + where;
    if (shownRows == 0) {
      return "No rows in the " + shown.what() + filter + " (" + shown.location() + ").";
    }
    return (more ? "First " + shownRows + " rows" : shownRows + (shownRows == 1 ? " row" : " rows"))
        + " of the "
        + shown.what()
        + filter
        + " ("
        + shown.location()
        + ")"
        + (more ? "; more match: raise --limit or narrow --where." : ".");
  }

  private static String cell(Row row, int c) {
    Object raw = row.isNullAt(c) ? null : row.get(c);
    // Timestamps in UTC, as ISO instants: java.sql.Timestamp would print the JVM's local time.
    String value =
        raw == null
            ? "NULL"
            : raw instanceof Timestamp t ? t.toInstant().toString() : String.valueOf(raw);
    String flat = value.replace('\n', ' ').replace('\r', ' ');
    if (flat.length() <= MAX_WIDTH) {
      return flat;
    }
    int head = (MAX_WIDTH - 1) / 2;
    return flat.substring(0, head) + "…" + flat.substring(flat.length() - (MAX_WIDTH - 1 - head));
  }

  private static String line(String[] cells, int[] widths) {
    StringBuilder out = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      out.append(String.format("%-" + widths[c] + "s", cells[c]));
      if (c < cells.length - 1) {
        out.append("  ");
      }
    }
    return out.toString().stripTrailing();
  }

  private String json(String name, Shown shown, List<Row> rows, boolean more) {
    return JsonOutput.rows(
        name,
        shown.what(),
        shown.location(),
        where,
        limit,
        more,
        rows.stream().map(Row::json).toList());
  }
}

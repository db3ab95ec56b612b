package dev.tidemark.source;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.SchemaDriftPolicy;
import dev.tidemark.config.SourceConfig;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.spark.internal.SessionHadoopConf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares what the planned files really hold with {@code pipeline.source.schema}, before anything
 * is read into staging, and applies the pipeline's {@code schema-drift} policy: JSON keys, CSV
 * header names (CSV without a header has no names, only positions), Parquet footers.
 *
 * <p>A changed type always fails. An undeclared column fails under {@code fail} and {@code
 * add-columns} (only a declared column has a type the user chose) and is left out under {@code
 * ignore-extra}, which is reported.
 */
public final class SchemaDrift {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaDrift.class);

  private SchemaDrift() {}

  /**
   * Checks the files; returns the undeclared columns left out (under {@code ignore-extra}).
   *
   * @throws SchemaDriftException when the policy does not accept what the files hold
   */
  public static List<String> check(
      SparkSession spark, PipelineConfig pipeline, List<SourceFile> files) {
    SourceConfig source = pipeline.source();
    SchemaDriftPolicy policy = pipeline.schemaDrift();
    List<FileDrift> drift =
        switch (source.format()) {
          case JSON ->
              JsonKeys.drift(spark, source, files, policy != SchemaDriftPolicy.IGNORE_EXTRA);
          case CSV -> CsvHeaderLine.drift(SessionHadoopConf.of(spark), source, files);
          case PARQUET -> ParquetFooters.drift(spark, source.schema(), files);
          case ORC, AVRO -> FileSchemas.drift(spark, source, files);
          case DELTA -> List.of();
        };
    Map<String, List<FileDrift>> changed = byColumn(drift, FileDrift.ChangedType.class);
    if (!changed.isEmpty()) {
      throw new SchemaDriftException(changedTypes(changed));
    }
    Map<String, List<FileDrift>> undeclared = byColumn(drift, FileDrift.Undeclared.class);
    if (undeclared.isEmpty()) {
      return List.of();
    }
    if (policy != SchemaDriftPolicy.IGNORE_EXTRA) {
      throw new SchemaDriftException(undeclared(undeclared, policy));
    }
    List<String> ignored = new ArrayList<>(undeclared.keySet());
    LOG.warn(
        "Pipeline {}: columns {} in the files are not in pipeline.source.schema and are left out"
            + " (schema-drift = ignore-extra)",
        pipeline.name(),
        ignored);
    return ignored;
  }

  private static Map<String, List<FileDrift>> byColumn(
      List<FileDrift> drift, Class<? extends FileDrift> kind) {
    Map<String, List<FileDrift>> columns = new LinkedHashMap<>();
    drift.stream()
        .filter(kind::isInstance)
        .forEach(d -> columns.computeIfAbsent(d.column(), c -> new ArrayList<>()).add(d));
    return columns;
  }

  private static String changedTypes(Map<String, List<FileDrift>> changed) {
    List<String> parts = new ArrayList<>();
    changed.forEach(
        (column, found) -> {
          FileDrift.ChangedType first = (FileDrift.ChangedType) found.get(0);
          parts.add(
              "column '"
                  + column
                  + "' changed type from "
                  + first.declaredType()
                  + " to "
                  + first.fileType()
                  + " in "
                  + files(found));
        });
    return "Cannot read the files: "
        + String.join("; ", parts)
        + ". A changed type always fails, whatever pipeline.schema-drift says (the old and the"
        + " new values would not compare): fix the files, or give the column its new type in"
        + " pipeline.source.schema and in the target yourself";
  }

  private static String undeclared(
      Map<String, List<FileDrift>> undeclared, SchemaDriftPolicy policy) {
    List<String> parts = new ArrayList<>();
    undeclared.forEach(
        (column, found) -> {
          String type = ((FileDrift.Undeclared) found.get(0)).fileType();
          parts.add(
              "'"
                  + column
                  + "'"
                  + (type.isEmpty() ? "" : " (" + type + ")")
                  + " in "
                  + files(found));
        });
    String advice =
        policy == SchemaDriftPolicy.ADD_COLUMNS
            ? "pipeline.schema-drift = add-columns adds only declared columns: declare "
                + (parts.size() == 1 ? "it" : "them")
                + " with a type in pipeline.source.schema (e.g. \""
                + undeclared.keySet().iterator().next()
                + " STRING\"), or set pipeline.schema-drift = ignore-extra to leave "
                + (parts.size() == 1 ? "it" : "them")
                + " out"
            : "pipeline.schema-drift = fail: declare "
                + (parts.size() == 1 ? "it" : "them")
                + " with a type in pipeline.source.schema and set pipeline.schema-drift ="
                + " add-columns to add "
                + (parts.size() == 1 ? "it" : "them")
                + " to the target, or set pipeline.schema-drift = ignore-extra to leave "
                + (parts.size() == 1 ? "it" : "them")
                + " out";
    return "Cannot read the files: "
        + (parts.size() == 1 ? "column " : "columns ")
        + String.join(", ", parts)
        + (parts.size() == 1 ? " is" : " are")
        + " not in pipeline.source.schema; "
        + advice;
  }

  /** The first file and how many others, so a message stays one line whatever the batch. */
  private static String files(List<FileDrift> found) {
    List<String> names = found.stream().map(FileDrift::file).distinct().toList();
    if (names.size() == 1 && names.get(0).isEmpty()) {
      return "the files";
    }
    return names.get(0)
        + (names.size() == 1
            ? ""
            : " (and " + (names.size() - 1) + " other file" + (names.size() > 2 ? "s" : "") + ")");
  }
}

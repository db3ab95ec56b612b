package dev.tidemark.stage;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.config.SchemaDriftPolicy;
import dev.tidemark.source.SchemaDriftException;
import dev.tidemark.table.TargetTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares {@code pipeline.source.schema} with the target's business columns, before a run reads
 * anything: a declared column the target lacks is added by the MERGE only under {@code schema-drift
 * = add-columns}; a column whose type differs, or that the target has and the schema no longer
 * declares, always fails (the MERGE would otherwise cast values, or fail half way).
 */
public final class TargetDrift {
  private TargetDrift() {}

  /**
   * The declared columns the publish will add to the target; empty when there is no target yet (it
   * is created with every declared column).
   *
   * @throws SchemaDriftException when the policy does not accept the difference
   */
  public static List<String> check(SparkSession spark, PipelineConfig pipeline) {
    TargetTable target = new TargetTable(spark, pipeline.target());
    if (!target.exists()) {
      return List.of();
    }
    StructType current = target.businessSchema();
    StructType declared = pipeline.source().schema();
    List<String> added = added(pipeline, current, declared);
    requireNoneDropped(pipeline, current, declared);
    if (!added.isEmpty() && pipeline.schemaDrift() != SchemaDriftPolicy.ADD_COLUMNS) {
      throw new SchemaDriftException(
          "Cannot publish "
              + (added.size() == 1 ? "column " : "columns ")
              + String.join(", ", added.stream().map(c -> "'" + c + "'").toList())
              + " to the target "
              + pipeline.target()
              + ": pipeline.source.schema declares "
              + (added.size() == 1 ? "it" : "them")
              + " but the target has no such column, and pipeline.schema-drift = "
              + pipeline.schemaDrift().label()
              + ". Set pipeline.schema-drift = add-columns to add "
              + (added.size() == 1 ? "it" : "them")
              + " (rows published before get NULL), or remove "
              + (added.size() == 1 ? "it" : "them")
              + " from the schema");
    }
    return added;
  }

  /** The declared columns the target lacks; a column whose type changed always fails. */
  private static List<String> added(
      PipelineConfig pipeline, StructType current, StructType declared) {
    List<String> added = new ArrayList<>();
    for (StructField field : declared.fields()) {
      Optional<StructField> existing = find(current, field.name());
      if (existing.isEmpty()) {
        added.add(field.name());
      } else if (!existing
          .get()
          .dataType()
          .catalogString()
          .equals(field.dataType().catalogString())) {
        throw new SchemaDriftException(
            "Cannot publish column '"
                + field.name()
                + "' to the target "
                + pipeline.target()
                + ": its type changed from "
                + existing.get().dataType().catalogString()
                + " (the target) to "
                + field.dataType().catalogString()
                + " (pipeline.source.schema). A changed type always fails, whatever"
                + " pipeline.schema-drift says: put the target's type back in the schema, or"
                + " migrate the target to the new type yourself");
      }
    }
    return added;
  }

  /** Every column of the target is still declared: drift adds columns, it never drops one. */
  private static void requireNoneDropped(
      PipelineConfig pipeline, StructType current, StructType declared) {
    for (StructField field : current.fields()) {
      if (find(declared, field.name()).isEmpty()) {
        throw new SchemaDriftException(
            "Cannot publish to the target "
                + pipeline.target()
                + ": it has column '"
                + field.name()
                + "' ("
                + field.dataType().catalogString()
                + ") that pipeline.source.schema no longer declares. Declare it again (schema"
                + " drift adds columns, it never drops one)");
      }
    }
  }

  private static Optional<StructField> find(StructType schema, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (StructField field : schema.fields()) {
      if (field.name().toLowerCase(Locale.ROOT).equals(lower)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }
}

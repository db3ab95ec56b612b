package dev.tidemark.reconcile;

import dev.tidemark.config.DataFormat;
import dev.tidemark.config.GoldenConfig;
import dev.tidemark.config.InvalidConfigException;
import dev.tidemark.config.PipelineConfig;
import dev.tidemark.transform.Columns;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The pipeline's golden source, read in the pipeline's types. */
public final class GoldenSource {
  private GoldenSource() {}

  /**
   * The golden state as of a landing date: the rows valid on that date when the source has validity
   * columns and a date is given, every row otherwise.
   */
  static Dataset<Row> asOf(SparkSession spark, PipelineConfig p, Optional<LocalDate> asOf) {
    Dataset<Row> rows = read(spark, p);
    GoldenConfig golden = p.reconcile().golden().orElseThrow();
    if (golden.hasValidity() && asOf.isPresent()) {
      Column date = functions.lit(java.sql.Date.valueOf(asOf.get()));
      Column from = Columns.col(golden.validFrom().get());
      Column to = Columns.col(golden.validTo().get());
      rows = rows.where(from.leq(date).and(to.isNull().or(to.gt(date))));
    }
    return rows;
  }

  /**
   * Every row of the pipeline's golden source, in the pipeline's types, with its validity columns
   * when it has them: what a check against it reads, before the check picks a state.
   */
  public static Dataset<Row> read(SparkSession spark, PipelineConfig p) {
    GoldenConfig golden =
        p.reconcile()
            .golden()
            .orElseThrow(() -> new IllegalStateException("Cannot reconcile: no golden source"));
    StructType schema = p.source().schema();
    if (golden.format() == DataFormat.JSON || golden.format() == DataFormat.CSV) {
      StructType withValidity = schema;
      if (golden.hasValidity()) {
        withValidity =
            withValidity
                .add(golden.validFrom().get(), DataTypes.DateType)
                .add(golden.validTo().get(), DataTypes.DateType);
      }
      return spark
          .read()
          .format(golden.format().sparkName())
          .schema(withValidity)
          .options(golden.options())
          .load(golden.path());
    }
    Dataset<Row> rows =
        spark
            .read()
            .format(golden.format().sparkName())
            .options(golden.options())
            .load(golden.path());
    return castToSchema(rows, schema, golden);
  }

  /** Parquet and Delta golden sources carry their own types: compare as the pipeline's types. */
  private static Dataset<Row> castToSchema(Dataset<Row> rows, StructType schema, GoldenConfig g) {
    List<String> present = List.of(rows.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (!present.contains(field.name())) {
        throw new InvalidConfigException(
            "Cannot reconcile against "
                + g.path()
                + ": the golden source has no column '"
                + field.name()
                + "'; its columns are "
                + String.join(", ", present));
      }
      columns.add(Columns.col(field.name()).cast(field.dataType()).as(field.name()));
    }
    g.validFrom().ifPresent(c -> columns.add(Columns.col(c).cast("date").as(c)));
    g.validTo().ifPresent(c -> columns.add(Columns.col(c).cast("date").as(c)));
    return rows.select(columns.toArray(Column[]::new));
  }
}

package dev.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.control.ControlStore;
import dev.tidemark.control.ControlTable;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Column lists read without Spark's parser are the ones Spark's parser reads. */
class DdlTest {
  private static final String SAMPLE =
      "order_id STRING, customer_id STRING, order_date DATE, status STRING,"
          + " amount DECIMAL(12,2), currency STRING, updated_at TIMESTAMP, version INT";

  @ParameterizedTest
  @ValueSource(
      strings = {
        SAMPLE,
        "a string, B Bigint, c int, d integer, e long, f smallint, g short, h tinyint, i byte",
        "a double, b float, c real, d boolean, e date, f timestamp, g timestamp_ntz, h binary",
        "a decimal, b decimal(5), c DECIMAL( 38 , 10 ), d dec(3,1), e numeric(9,2)",
        "tags ARRAY<STRING>, ms MAP<STRING, BIGINT>, nested ARRAY<MAP<STRING,ARRAY<INT>>>",
        "s STRUCT<a: INT, b STRING, c: ARRAY<STRUCT<x: DATE>>>, after_struct DOUBLE",
        "  spaced   STRING  ,\n  other\tINT  "
      })
  void plainListsAreReadHereAsSparkReadsThem(String ddl) {
    assertThat(Ddl.plainColumns(ddl)).as("read without Spark's parser").isPresent();
    assertThat(Ddl.columns(ddl)).isEqualTo(StructType.fromDDL(ddl));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "`order id` STRING",
        "a STRING NOT NULL",
        "a STRING COMMENT 'the key'",
        "a VARCHAR(10), b CHAR(2)",
        "a INTERVAL DAY",
        "a TIMESTAMP_LTZ",
        "a DECIMAL(12,2) NOT NULL, b INT"
      })
  void anythingElseGoesToSparksParser(String ddl) {
    assertThat(Ddl.plainColumns(ddl)).isEmpty();
    assertThat(Ddl.columns(ddl)).isEqualTo(StructType.fromDDL(ddl));
  }

  @Test
  void errorsAreSparksOwn() {
    assertThatThrownBy(() -> Ddl.columns("a STRNG, b INT")).hasMessageContaining("STRNG");
    assertThatThrownBy(() -> Ddl.columns("a DECIMAL(40,2)")).hasMessageContaining("40");
  }

  @Test
  void typesAreReadAsSparkReadsThem() {
    for (String type : List.of("date", "array<string>", "map<string,string>", "bigint")) {
      assertThat(Ddl.type(type)).isEqualTo(DataType.fromDDL(type));
    }
  }

  @Test
  void everyControlTableSchemaKeepsSparksNullabilityConventions() {
    for (ControlTable table : new ControlStore("/tmp/unused").all()) {
      StructType schema = table.schema();
      assertThat(StructType.fromDDL(schema.toDDL())).as(table.name()).isEqualTo(schema);
    }
  }
}

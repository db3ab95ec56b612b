package dev.tidemark.sample;

import dev.tidemark.config.DataFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The sample's raw files in another format: each JSON Lines file written again, one for one under
 * the same part name, as CSV with a header line, Parquet, ORC or Avro. The rows and the folders
 * stay the same, so a pipeline reading any of them publishes the same target.
 */
public final class SampleFormats {
  /** The sample pipeline's schema (conf/pipelines/orders.conf): the types the files carry. */
  public static final String SCHEMA =
      "order_id STRING, customer_id STRING, order_date DATE, status STRING,"
          + " amount DECIMAL(12,2), currency STRING, updated_at TIMESTAMP, version INT";

  private SampleFormats() {}

  /**
   * Rewrites every {@code part-*.json} under {@code rawDir}'s landing folders in {@code format}.
   */
  public static void rewrite(SparkSession spark, Path rawDir, DataFormat format) {
    String extension = format.sparkName();
    try (Stream<Path> folders = Files.list(rawDir)) {
      for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
        List<Path> parts;
        try (Stream<Path> files = Files.list(folder)) {
          parts = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path json : parts) {
          rewrite(spark, json, format, folder.resolve(partName(json, extension)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot rewrite the sample files under " + rawDir, e);
    }
  }

  private static void rewrite(SparkSession spark, Path json, DataFormat format, Path target)
      throws IOException {
    Path scratch = json.resolveSibling("_" + target.getFileName() + ".tmp");
    spark
        .read()
        .schema(StructType.fromDDL(SCHEMA))
        .json(json.toString())
        .coalesce(1)
        .write()
        .format(format.sparkName())
        .option("header", "true") // CSV only; the other writers ignore it
        .mode("overwrite")
        .save(scratch.toString());
    Path written;
    try (Stream<Path> files = Files.list(scratch)) {
      written =
          files
              .filter(f -> f.getFileName().toString().startsWith("part-"))
              .findFirst()
              .orElseThrow(() -> new IOException("Spark wrote no file under " + scratch));
    }
    Files.move(written, target);
    try (Stream<Path> left = Files.walk(scratch)) { // Spark's _SUCCESS and checksum files
      for (Path p : left.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    Files.delete(json);
  }

  /** part-00001.json as part-00001.orc. */
  private static String partName(Path json, String extension) {
    String name = json.getFileName().toString();
    return name.substring(0, name.length() - ".json".length())
        + "."
        + extension.toLowerCase(Locale.ROOT);
  }
}

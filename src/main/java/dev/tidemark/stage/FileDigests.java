package dev.tidemark.stage;

import dev.tidemark.config.PipelineConfig;
import dev.tidemark.plan.SourceFile;
import dev.tidemark.transform.Columns;
import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * A digest of each raw file's parsed rows: how a forced rerun tells, after parsing a file again,
 * that it holds exactly the rows a run published before (see {@code ForcedVerification}).
 *
 * <p>A row's part is a 64-bit hash of what the run made of it: its {@link Columns#ROW_HASH} (every
 * business column, keys and sequence included), its reject reason and, for a rejected row, its
 * text. A file's digest is its row count and two wrapping sums of those hashes (the second of a
 * remixed hash), so it does not depend on the order rows are read in, and an added, lost or changed
 * row changes it. The digest is taken by one aggregate in the pass that parses the rows anyway: in
 * the stage pass through an {@link org.apache.spark.sql.Observation}, no extra scan.
 *
 * <p>Digests compare only under one configuration (the ledger keeps its hash beside them): another
 * schema or key normalisation parses the same file into other rows.
 */
public final class FileDigests {
  /** Raised when what a digest covers changes, so older digests never match. */
  private static final String FORMAT = "1";

  /** The digest of a file with no rows (a zero-byte file, or only blank lines). */
  static final String EMPTY = format(new long[3]);

  private static final char FIELD = '\u0000';
  private static final char ENTRY = '\u0001';

  /** The name of the aggregate's value in an observation. */
  public static final String NAME = "file_digests";

  private FileDigests() {}

  /**
   * Whether runs of this pipeline take file digests: only a forced rerun of a pipeline without
   * quality checks and without snapshot deletes can leave unchanged files out (the checks judge the
   * whole batch again; a snapshot's staged keys decide what it lost), so only they need them.
   */
  public static boolean kept(PipelineConfig pipeline) {
    return pipeline.quality().checks().isEmpty() && !pipeline.deletes().snapshot();
  }

  /**
   * The aggregate over extracted rows (the extract contract of {@code RawReader}, with {@link
   * Columns#SOURCE_FILE} on every row): the digests of all files it saw, encoded; read them with
   * {@link #decode}. Files are told apart by a hash of their path, which Spark computes from the
   * path's bytes: turning every row's path into a Java string cost about as much again.
   */
  public static Column aggregate() {
    Column rowPart =
        functions.xxhash64(
            functions.col(Columns.ROW_HASH),
            functions.col(Columns.REJECT_REASON),
            functions.col(Columns.RAW));
    return functions
        .udaf(new PerFile(), Encoders.tuple(Encoders.LONG(), Encoders.LONG()))
        .apply(functions.xxhash64(functions.col(Columns.SOURCE_FILE)), rowPart);
  }

  /**
   * The digest of each of {@code files}, by path, from the aggregate's value: files it saw no row
   * of (or a null value: no partition at all) get the digest of an empty file. Two paths with one
   * hash (about once in 2^64) cannot be told apart: neither gets a digest, so both are merged.
   */
  public static Map<String, String> decode(
      SparkSession spark, Object aggregated, Collection<SourceFile> files) {
    Map<Long, String> seen = new HashMap<>();
    if (aggregated instanceof String text && !text.isEmpty()) {
      for (String entry : text.split(String.valueOf(ENTRY))) {
        int at = entry.indexOf(FIELD);
        seen.put(Long.parseLong(entry.substring(0, at)), entry.substring(at + 1));
      }
    }
    Map<String, Long> hashes = pathHashes(spark, files);
    Map<Long, Long> shared =
        hashes.values().stream().collect(Collectors.groupingBy(h -> h, Collectors.counting()));
    Map<String, String> digests = new LinkedHashMap<>();
    for (SourceFile f : files) {
      long hash = hashes.get(f.path());
      if (shared.get(hash) == 1) {
        digests.put(f.path(), seen.getOrDefault(hash, EMPTY));
      }
    }
    return digests;
  }

  /**
   * Each path's hash as {@link #aggregate} takes it: by Spark, on the driver's few paths (one tiny
   * local query, a fraction of a second). Computing it in Java would need Spark's internal XXH64.
   */
  private static Map<String, Long> pathHashes(SparkSession spark, Collection<SourceFile> files) {
    List<String> paths = files.stream().map(SourceFile::path).distinct().toList();
    Map<String, Long> hashes = new HashMap<>();
    for (Row row :
        spark
            .createDataset(paths, Encoders.STRING())
            .select(functions.col("value"), functions.xxhash64(functions.col("value")))
            .collectAsList()) {
      hashes.put(row.getString(0), row.getLong(1));
    }
    return hashes;
  }

  /** The rows a digest counts. */
  public static long rows(String digest) {
    return Long.parseLong(digest.split(":")[1]);
  }

  private static String format(long[] sums) {
    return FORMAT
        + ":"
        + sums[0]
        + ":"
        + Long.toHexString(sums[1])
        + ":"
        + Long.toHexString(sums[2]);
  }

  /** splitmix64's finaliser: the second sum adds a remix of each hash, not the hash again. */
  private static long remix(long h) {
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  /**
   * Count and sums per file, keyed by the hash of its path, merged across tasks. A bean, so Spark
   * encodes it as a map column: a Java-serialised buffer cannot travel in an observation's
   * accumulator.
   */
  public static final class Sums implements Serializable {
    private static final long serialVersionUID = 1L;
    private Map<Long, long[]> byFile = new HashMap<>();

    public Map<Long, long[]> getByFile() {
      return byFile;
    }

    public void setByFile(Map<Long, long[]> byFile) {
      this.byFile = new HashMap<>(byFile);
    }
  }

  /** The aggregate: (file, row hash) in, every file's digest out. */
  static final class PerFile extends Aggregator<Tuple2<Long, Long>, Sums, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public Sums zero() {
      return new Sums();
    }

    @Override
    public Sums reduce(Sums sums, Tuple2<Long, Long> row) {
      long[] s = sums.byFile.computeIfAbsent(row._1(), k -> new long[3]);
      long h = row._2();
      s[0]++;
      s[1] += h;
      s[2] += remix(h);
      return sums;
    }

    @Override
    public Sums merge(Sums a, Sums b) {
      b.byFile.forEach(
          (file, s) -> {
            long[] t = a.byFile.computeIfAbsent(file, k -> new long[3]);
            for (int i = 0; i < 3; i++) {
              t[i] += s[i];
            }
          });
      return a;
    }

    @Override
    public String finish(Sums sums) {
      StringBuilder out = new StringBuilder();
      sums.byFile.forEach(
          (file, s) -> {
            if (out.length() > 0) {
              out.append(ENTRY);
            }
            out.append(file).append(FIELD).append(format(s));
          });
      return out.toString();
    }

    @Override
    public Encoder<Sums> bufferEncoder() {
      return Encoders.bean(Sums.class);
    }

    @Override
    public Encoder<String> outputEncoder() {
      return Encoders.STRING();
    }
  }
}

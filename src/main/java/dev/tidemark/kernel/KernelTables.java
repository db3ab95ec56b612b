package dev.tidemark.kernel;

import dev.tidemark.config.Settings;
import dev.tidemark.runtime.Tidemark;
import dev.tidemark.spark.SparkSessions;
import dev.tidemark.table.DeltaLogFiles;
import dev.tidemark.table.DeltaLogs;
import dev.tidemark.table.TableRef;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.types.DataTypeJsonSerDe;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads Delta tables at paths with Delta Kernel, in this process and without Spark: what status,
 * history and the report need of the control tables and the target costs a second, where starting
 * Spark costs ten (decision 0022).
 *
 * <p>Rows come out as {@link Row}s in the Spark schema asked for, valued as Spark gives them, so
 * the control tables' row mappers serve both ways of reading. Kernel's scan helpers that resolve a
 * scan file and its read schema live in its internal package, as its user guide shows them; this
 * class is the one place that uses them, with the table id.
 *
 * <p>It also appends rows, as a run that finds nothing new writes its row ({@link #append}).
 *
 * <p>An instance serves one command, or one step of a run: it keeps each table's snapshot as first
 * read, until it appends to that table.
 */
public final class KernelTables {
  private final Engine engine;
  private final Configuration hadoop;

  public KernelTables(Configuration hadoop) {
    this.hadoop = hadoop;
    this.engine = KernelEngine.over(hadoop);
  }

  /**
   * Kernel over the Hadoop settings Spark would have: Hadoop's own files, then the {@code
   * spark.hadoop.*} settings spark-submit passed, then the profile's (S3A's endpoint and
   * credentials provider), the profile's winning as they do in a session Tidemark builds.
   */
  public static KernelTables of(Settings settings) {
    Configuration hadoop = new Configuration(); // core-site.xml on the classpath, as Spark's
    // Under spark-submit, spark-defaults.conf and --conf arrive as spark.* JVM properties.
    Map<String, String> submitted = new java.util.HashMap<>();
    System.getProperties()
        .stringPropertyNames()
        .forEach(k -> submitted.put(k, System.getProperty(k)));
    SparkSessions.copyHadoopSettings(submitted, hadoop);
    SparkSessions.copyHadoopSettings(settings.spark().conf(), hadoop);
    return new KernelTables(hadoop);
  }

  /** True when Kernel's classes are here: the Databricks jar leaves Delta, Kernel included, out. */
  public static boolean available() {
    try {
      Class.forName("io.delta.kernel.defaults.engine.DefaultEngine");
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  public Configuration hadoop() {
    return hadoop;
  }

  /** The table's folder, fully qualified (file:/..., s3a://...), as Delta records it. */
  public String qualified(String path) {
    Path p = new Path(path);
    try {
      return p.getFileSystem(hadoop).makeQualified(p).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + path, e);
    }
  }

  /**
   * The latest snapshot, empty when there is no Delta table at the path. Loaded once per table: one
   * command's reads see one moment of each table, and the log is listed once.
   */
  Optional<Snapshot> snapshot(String path) {
    return snapshots.computeIfAbsent(path, this::load);
  }

  private final Map<String, Optional<Snapshot>> snapshots = new java.util.HashMap<>();

  private Optional<Snapshot> load(String path) {
    return reading(
        path,
        () -> {
          try {
            return Optional.of(TableManager.loadSnapshot(qualified(path)).build(engine));
          } catch (TableNotFoundException e) {
            return Optional.empty();
          }
        });
  }

  /**
   * A read of the table at {@code path}: a log that cannot be read is named with its table and
   * file, as Spark's reads name it. Kernel names no file when a commit is not JSON (it may find out
   * while loading the snapshot or while scanning); the newest such file is found, so the message
   * can name it.
   */
  private <T> T reading(String path, Supplier<T> read) {
    return DeltaLogs.reading(
        TableRef.path(path),
        () -> {
          try {
            return read.get();
          } catch (RuntimeException e) {
            Optional<String> corrupt =
                parseError(e)
                    ? DeltaLogFiles.invalidJson(hadoop, qualified(path))
                    : Optional.empty();
            if (corrupt.isPresent()) {
              throw new IllegalStateException("Cannot parse " + corrupt.get(), e);
            }
            throw e;
          }
        });
  }

  /** True when JSON could not be parsed somewhere down the error's causes. */
  private static boolean parseError(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        return true;
      }
    }
    return false;
  }

  public boolean exists(String path) {
    return snapshot(path).isPresent();
  }

  /** The newest version, or empty when there is no table. */
  public Optional<Long> version(String path) {
    return snapshot(path).map(Snapshot::getVersion);
  }

  /** The table's id and its newest version, or empty when there is no table. */
  public Optional<TableState> state(String path) {
    return snapshot(path)
        .map(s -> new TableState(((SnapshotImpl) s).getMetadata().getId(), s.getVersion()));
  }

  /** A table's Delta id (new whenever it is created) and newest version. */
  public record TableState(String id, long version) {}

  /**
   * Every row of the table, or of the rows whose string column {@code column} equals {@code value},
   * in {@code schema}: columns the table lacks (an older Tidemark's) read as NULL. Nothing when
   * there is no table.
   */
  public List<Row> rows(String path, StructType schema, String column, String value) {
    List<Row> rows = new ArrayList<>();
    scan(path, schema, new RowFilter(column, value, Optional.empty()), rows::add);
    return rows;
  }

  /**
   * As {@link #rows}, only the rows whose date column falls in a window: files outside it are
   * skipped by their statistics, and rows outside it are never built (a ledger's rows carry a
   * landing date's file names, years of which are a million).
   */
  public List<Row> rows(
      String path, StructType schema, String column, String value, DateWindow window) {
    List<Row> rows = new ArrayList<>();
    scan(path, schema, new RowFilter(column, value, Optional.of(window)), rows::add);
    return rows;
  }

  /** As {@link #rows}, one row at a time: a large table is never held whole. */
  public void scan(
      String path, StructType schema, String column, String value, Consumer<Row> each) {
    scan(path, schema, new RowFilter(column, value, Optional.empty()), each);
  }

  private void scan(String path, StructType schema, RowFilter filter, Consumer<Row> each) {
    Optional<Snapshot> found = snapshot(path);
    if (found.isEmpty()) {
      return;
    }
    reading(
        path,
        () -> {
          try {
            scan(found.get(), schema, filter, each);
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Delta table at " + path, e);
          }
          return null;
        });
  }

  private void scan(Snapshot snapshot, StructType schema, RowFilter filter, Consumer<Row> each)
      throws IOException {
    io.delta.kernel.types.StructType stored = snapshot.getSchema();
    io.delta.kernel.types.StructType read = new io.delta.kernel.types.StructType();
    for (StructField field : schema.fields()) {
      if (stored.indexOf(field.name()) >= 0) {
        read = read.add(stored.get(field.name()));
      }
    }
    // The filter skips files by their statistics; rows are checked again as they are emitted.
    Scan scan =
        snapshot.getScanBuilder().withReadSchema(read).withFilter(filter.predicate()).build();
    io.delta.kernel.data.Row state = scan.getScanState(engine);
    io.delta.kernel.types.StructType physical = ScanStateRow.getPhysicalDataReadSchema(state);
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> scanFiles = files.next().getRows()) {
          while (scanFiles.hasNext()) {
            io.delta.kernel.data.Row file = scanFiles.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
            CloseableIterator<FileReadResult> data =
                engine
                    .getParquetHandler()
                    .readParquetFiles(singleton(status), physical, Optional.empty());
            try (CloseableIterator<FilteredColumnarBatch> logical =
                Scan.transformPhysicalData(
                    engine, state, file, data.map(FileReadResult::getData))) {
              while (logical.hasNext()) {
                filter.emit(logical.next(), schema, each);
              }
            }
          }
        }
      }
    }
  }

  /**
   * How many data files the table's newest snapshot holds, from its log alone (no data file is
   * opened); 0 when there is no table.
   */
  public long files(String path) {
    Optional<Snapshot> found = snapshot(path);
    if (found.isEmpty()) {
      return 0;
    }
    return reading(
        path,
        () -> {
          long count = 0;
          try (CloseableIterator<FilteredColumnarBatch> files =
              found.get().getScanBuilder().build().getScanFiles(engine)) {
            while (files.hasNext()) {
              try (CloseableIterator<io.delta.kernel.data.Row> rows = files.next().getRows()) {
                while (rows.hasNext()) {
                  rows.next();
                  count++;
                }
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Delta table at " + path, e);
          }
          return count;
        });
  }

  /** The table's top-level column names, in order; empty when there is no table. */
  public List<String> columns(String path) {
    return snapshot(path).map(s -> s.getSchema().fieldNames()).orElse(List.of());
  }

  /**
   * Appends {@code rows}, in the Spark schema {@code schema}, to the Delta table at {@code path} in
   * one commit, as a blind append: Kernel retries it over commits that land meanwhile. The table
   * must have every column of {@code schema}, so no value is left out. Returns the version written
   * (see {@link KernelAppend}).
   */
  public long append(String path, StructType schema, List<Row> rows) {
    Snapshot snapshot =
        snapshot(path)
            .orElseThrow(
                () -> new IllegalStateException("No Delta table at " + path + " to append to"));
    List<String> missing = new ArrayList<>(List.of(schema.fieldNames()));
    missing.removeAll(snapshot.getSchema().fieldNames());
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "The Delta table at " + path + " has no column " + String.join(", ", missing));
    }
    long version =
        reading(
            path,
            () -> {
              try {
                return KernelAppend.commit(engine, snapshot, schema, rows);
              } catch (IOException e) {
                throw new UncheckedIOException("Cannot write to the Delta table at " + path, e);
              }
            });
    snapshots.remove(path); // the next read sees the commit
    return version;
  }

  /**
   * Creates an empty Delta table at the path with this schema and these table properties, in one
   * commit. Spark's create plans and runs a command for the same first commit and took most of a
   * second of every first run (four to six tables); this takes milliseconds. False when a table was
   * there already: another process created it first.
   */
  public boolean create(String path, StructType schema, Map<String, String> properties) {
    io.delta.kernel.types.StructType kernelSchema =
        DataTypeJsonSerDe.deserializeStructType(schema.json());
    try {
      TableManager.buildCreateTableTransaction(
              qualified(path), kernelSchema, "Tidemark " + Tidemark.version())
          .withTableProperties(properties)
          .build(engine)
          .commit(engine, CloseableIterable.emptyIterable());
    } catch (TableAlreadyExistsException | ConcurrentWriteException e) {
      return false;
    }
    snapshots.remove(path);
    return true;
  }

  private static CloseableIterator<FileStatus> singleton(FileStatus status) {
    return io.delta.kernel.internal.util.Utils.singletonCloseableIterator(status);
  }
}

package dev.tidemark.kernel;

import dev.tidemark.runtime.Tidemark;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One blind append through Kernel's write support: the rows as JSON lines, parsed by Kernel's JSON
 * handler into the table's own schema, written as one Parquet file, committed (Kernel retries over
 * commits that land meanwhile), then Kernel's checkpoint hook, as Spark's writes take one.
 */
final class KernelAppend {
  private static final Logger LOG = LoggerFactory.getLogger(KernelAppend.class);

  private KernelAppend() {}

  static long commit(Engine engine, Snapshot snapshot, StructType schema, List<Row> rows)
      throws IOException {
    Transaction txn =
        snapshot
            .buildUpdateTableTransaction("Tidemark " + Tidemark.version(), Operation.WRITE)
            .build(engine);
    io.delta.kernel.data.Row txnState = txn.getTransactionState(engine);
    List<String> lines = rows.stream().map(r -> KernelJson.line(r, schema)).toList();
    ColumnarBatch batch =
        engine.getJsonHandler().parseJson(strings(lines), txn.getSchema(engine), Optional.empty());
    CloseableIterator<FilteredColumnarBatch> logical =
        io.delta.kernel.internal.util.Utils.singletonCloseableIterator(
            new FilteredColumnarBatch(batch, Optional.empty()));
    DataWriteContext context = Transaction.getWriteContext(engine, txnState, Map.of());
    CloseableIterator<DataFileStatus> files =
        engine
            .getParquetHandler()
            .writeParquetFiles(
                context.getTargetDirectory(),
                Transaction.transformLogicalData(engine, txnState, logical, Map.of()),
                context.getStatisticsColumns());
    CloseableIterator<io.delta.kernel.data.Row> actions =
        Transaction.generateAppendActions(engine, txnState, files, context);
    TransactionCommitResult result =
        txn.commit(engine, CloseableIterable.inMemoryIterable(actions));
    for (PostCommitHook hook : result.getPostCommitHooks()) {
      if (hook.getType() != PostCommitHook.PostCommitHookType.CHECKPOINT) {
        continue; // checksums are Spark's to write: Kernel here reads without them
      }
      try {
        hook.threadSafeInvoke(engine);
      } catch (IOException | RuntimeException e) {
        // The commit stands; a checkpoint not written now is written by a later commit.
        LOG.warn(
            "Cannot write the {} after version {}: {}",
            hook.getType(),
            result.getVersion(),
            e.getMessage());
      }
    }
    return result.getVersion();
  }

  /** A column of JSON lines, as Kernel's JSON handler reads them. */
  private static ColumnVector strings(List<String> lines) {
    return new ColumnVector() {
      @Override
      public io.delta.kernel.types.DataType getDataType() {
        return io.delta.kernel.types.StringType.STRING;
      }

      @Override
      public int getSize() {
        return lines.size();
      }

      @Override
      public void close() {}

      @Override
      public boolean isNullAt(int rowId) {
        return false;
      }

      @Override
      public String getString(int rowId) {
        return lines.get(rowId);
      }
    };
  }
}

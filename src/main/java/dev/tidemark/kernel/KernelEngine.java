package dev.tidemark.kernel;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Kernel's default engine over Hadoop, as Tidemark's reads and writes need it. */
final class KernelEngine {
  private KernelEngine() {}

  static Engine over(Configuration hadoop) {
    return withoutMetricsReports(DefaultEngine.create(hadoop));
  }

  /**
   * The default engine without its metrics reporter, which serializes every snapshot's and scan's
   * report to JSON to log it at a level that is off: starting Jackson for that cost a tenth of a
   * second of a three-second command.
   */
  private static Engine withoutMetricsReports(Engine engine) {
    return new Engine() {
      @Override
      public io.delta.kernel.engine.ExpressionHandler getExpressionHandler() {
        return engine.getExpressionHandler();
      }

      @Override
      public io.delta.kernel.engine.JsonHandler getJsonHandler() {
        return engine.getJsonHandler();
      }

      @Override
      public io.delta.kernel.engine.FileSystemClient getFileSystemClient() {
        return withoutChecksums(engine.getFileSystemClient());
      }

      @Override
      public io.delta.kernel.engine.ParquetHandler getParquetHandler() {
        return engine.getParquetHandler();
      }

      @Override
      public List<io.delta.kernel.engine.MetricsReporter> getMetricsReporters() {
        return List.of();
      }
    };
  }

  /**
   * The file system as Kernel lists it, without the logs' checksum files ({@code .crc}). They only
   * save reading the log, and Kernel refuses a table whose log holds the checksum of a version it
   * has no commit for (commits removed by hand, which the target check is there to report), where
   * Spark reads the table as its commits say. Without them Kernel reads the table as Spark does.
   */
  private static io.delta.kernel.engine.FileSystemClient withoutChecksums(
      io.delta.kernel.engine.FileSystemClient files) {
    return new io.delta.kernel.engine.FileSystemClient() {
      @Override
      public CloseableIterator<FileStatus> listFrom(String filePath) throws IOException {
        return files.listFrom(filePath).filter(f -> !f.getPath().endsWith(".crc"));
      }

      @Override
      public String resolvePath(String path) throws IOException {
        return files.resolvePath(path);
      }

      @Override
      public CloseableIterator<java.io.ByteArrayInputStream> readFiles(
          CloseableIterator<io.delta.kernel.engine.FileReadRequest> requests) throws IOException {
        return files.readFiles(requests);
      }

      @Override
      public boolean mkdirs(String path) throws IOException {
        return files.mkdirs(path);
      }

      @Override
      public boolean delete(String path) throws IOException {
        return files.delete(path);
      }

      @Override
      public FileStatus getFileStatus(String path) throws IOException {
        return files.getFileStatus(path);
      }

      @Override
      public void copyFileAtomically(String from, String to, boolean overwrite) throws IOException {
        files.copyFileAtomically(from, to, overwrite);
      }
    };
  }
}

package dev.tidemark.control;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A lock file on a Hadoop filesystem (s3a://, hdfs://, abfs://). On S3 a create that fails when the
 * object exists needs a conditional PUT (If-None-Match: *): S3A asks for one since Hadoop 3.4.2
 * ({@code fs.s3a.create.conditional.enabled}, on by default), and AWS S3, MinIO and S3Proxy honour
 * it. HDFS creates without overwrite atomically. Where neither holds (an older hadoop-aws, a store
 * that ignores the header), two creators can both write: reading the owner back catches all but a
 * writer that lands in between, so the README calls the lock best-effort there.
 */
final class HadoopLockFile implements LockFile {
  /** S3A's option for a conditional create; other filesystems ignore an unknown opt(). */
  private static final String CONDITIONAL_CREATE = "fs.option.create.conditional.overwrite";

  private final FileSystem fs;
  private final Path file;

  HadoopLockFile(String locksDir, String pipeline, Configuration hadoop) {
    this.file = new Path(locksDir, pipeline + ".lock");
    try {
      this.fs = file.getFileSystem(hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach lock file " + file + ": " + e.getMessage(), e);
    }
  }

  private HadoopLockFile(FileSystem fs, Path file) {
    this.fs = fs;
    this.file = file;
  }

  @Override
  public LockFile takeoverGuard() {
    return new HadoopLockFile(fs, file.suffix(".takeover"));
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public boolean tryCreate(String owner) {
    // The usual case, a lock held by a live run, answered by one HEAD request: S3A skips that
    // probe on a conditional create, and logs a failed upload as a warning.
    if (exists()) {
      return false;
    }
    try {
      FSDataOutputStreamBuilder<?, ?> create = fs.createFile(file);
      create.overwrite(false);
      create.recursive();
      create.opt(CONDITIONAL_CREATE, true);
      try (FSDataOutputStream out = create.build()) {
        out.write(owner.getBytes(StandardCharsets.UTF_8));
      }
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // A conditional PUT that lost reports 412 as S3A's RemoteFileChangedException at close.
      if (exists()) {
        return false;
      }
      throw new UncheckedIOException("Cannot create lock file " + file + ": " + e.getMessage(), e);
    }
    // A store without conditional writes lets the last of two creators win: the owner says who.
    try {
      return readText().equals(owner);
    } catch (IOException e) {
      return false; // deleted at once as stale by another process: it decides, we wait
    }
  }

  @Override
  public Optional<Instant> refreshedAt() {
    try {
      return Optional.of(Instant.ofEpochMilli(fs.getFileStatus(file).getModificationTime()));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(Instant.now());
    }
  }

  @Override
  public void touch(String owner) {
    // Object stores cannot set a modification time: the holder writes its owner again, while the
    // file is still its own (a lock taken over after a stall is the new holder's).
    try {
      if (!readText().equals(owner)) {
        return;
      }
      try (FSDataOutputStream out = fs.create(file, true)) {
        out.write(owner.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // Gone (released, or taken over after a stall): the next acquirer decides.
    }
  }

  @Override
  public Optional<String> read() {
    try {
      return Optional.of(readText());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void deleteQuietly() {
    try {
      fs.delete(file, false);
    } catch (IOException e) {
      // The next acquirer sees it and reports it; nothing to lose here.
    }
  }

  private boolean exists() {
    try {
      return fs.exists(file);
    } catch (IOException e) {
      return false;
    }
  }

  private String readText() throws IOException {
    try (FSDataInputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

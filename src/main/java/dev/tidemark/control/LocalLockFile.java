package dev.tidemark.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/**
 * A lock file on this machine's filesystem: created with CREATE_NEW, which is atomic.
 *
 * <p>Not {@link HadoopLockFile} on a file:// path: Hadoop's local filesystem creates without
 * overwrite by checking that the file is absent and then opening it for writing, two steps another
 * process can come between, so two runs could both take the lock (reading the owner back narrows
 * that window, as on a store without conditional writes, but does not close it). Its heartbeat
 * would also rewrite the file where this one sets the modification time, and it writes a checksum
 * file beside the lock.
 */
final class LocalLockFile implements LockFile {
  private final Path file;

  LocalLockFile(String locksDir, String pipeline) {
    this(folder(locksDir).resolve(pipeline + ".lock"));
  }

  private static Path folder(String locksDir) {
    return locksDir.startsWith("file:") ? Paths.get(URI.create(locksDir)) : Paths.get(locksDir);
  }

  private LocalLockFile(Path file) {
    this.file = file;
  }

  @Override
  public LockFile takeoverGuard() {
    return new LocalLockFile(file.resolveSibling(file.getFileName() + ".takeover"));
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public boolean tryCreate(String owner) {
    try {
      Files.createDirectories(file.getParent());
      // CREATE_NEW is atomic: exactly one process succeeds.
      Files.writeString(file, owner, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create lock file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Instant> refreshedAt() {
    try {
      return Optional.of(Files.getLastModifiedTime(file).toInstant());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // Unreadable but present: never taken for stale.
      return Optional.of(Instant.now());
    }
  }

  @Override
  public void touch(String owner) {
    if (read().filter(owner::equals).isEmpty()) {
      return; // released, deleted by hand, or taken over after a stall: not ours to refresh
    }
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // Gone (deleted by hand, or released): the next acquirer decides; nothing to refresh.
    }
  }

  @Override
  public Optional<String> read() {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void deleteQuietly() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The next acquirer sees it and reports it; nothing to lose here.
    }
  }
}

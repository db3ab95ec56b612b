package dev.tidemark.control;

import java.time.Instant;
import java.util.Optional;

/**
 * The file behind a {@link RunLock}, on the local filesystem or on a Hadoop one (s3a://, hdfs://).
 */
interface LockFile {
  /** Where it is, as shown in messages and used as this JVM's key for it. */
  String location();

  /** Creates it holding {@code owner}; false when it exists already. Exactly one creator wins. */
  boolean tryCreate(String owner);

  /** When its holder last refreshed it; empty when it is gone. */
  Optional<Instant> refreshedAt();

  /**
   * Marks it refreshed now (the holder's heartbeat) while it still holds {@code owner}; quietly
   * does nothing when it is gone or was taken over.
   */
  void touch(String owner);

  /** Its text (the owner, see {@link LockOwner}); empty when it is gone or cannot be read. */
  Optional<String> read();

  void deleteQuietly();

  /**
   * The file beside this one ({@code <name>.takeover}) that a process creates before it removes
   * this one as stale, so that of two processes that found it stale only one removes it.
   */
  LockFile takeoverGuard();
}

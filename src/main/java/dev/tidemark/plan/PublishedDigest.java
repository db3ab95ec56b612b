package dev.tidemark.plan;

/**
 * A file's digest of parsed rows as the ledger keeps it (see {@code FileDigests}), and the run that
 * published the landing date it lies in.
 */
public record PublishedDigest(String digest, String runId) {}

package dev.tidemark.config;

import java.time.Duration;

/** The per-pipeline lock that keeps two processes from committing the same pipeline at once. */
public record LockSettings(Duration waitFor, Duration staleAfter) {}

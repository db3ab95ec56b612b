package dev.tidemark.report;

/** The p95 runtime of one kind of run, and how many recent successful runs it is taken over. */
public record RuntimeP95(RunKind kind, long p95Ms, int runs) {}

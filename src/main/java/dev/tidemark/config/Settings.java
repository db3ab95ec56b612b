package dev.tidemark.config;

/** Environment settings shared by every pipeline: where tables live and how Spark starts. */
public record Settings(
    String warehouse,
    String controlLocation,
    SparkSettings spark,
    LockSettings lock,
    HousekeepingSettings housekeeping,
    ConflictSettings conflicts) {}

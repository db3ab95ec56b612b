package dev.tidemark.config;

import java.util.List;
import java.util.Optional;

/**
 * Environment settings shared by every pipeline: where tables live and how Spark starts.
 *
 * @param controlLocation the folder of the control tables, the staging tables and the run locks;
 *     with {@code controlSchema}, of the staging tables and locks only
 * @param controlSchema the schema ({@code catalog.schema} or {@code schema}) holding the control
 *     tables by name, when configured (tidemark.control-schema)
 */
public record Settings(
    String warehouse,
    String controlLocation,
    SparkSettings spark,
    LockSettings lock,
    HousekeepingSettings housekeeping,
    ConflictSettings conflicts,
    Optional<List<String>> controlSchema) {}

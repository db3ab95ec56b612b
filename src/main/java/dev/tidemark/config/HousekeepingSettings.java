package dev.tidemark.config;

import java.time.Duration;

/**
 * Housekeeping of what all pipelines share under the control location.
 *
 * @param controlVacuumRetention {@code maintain} VACUUMs the control tables with this retention
 * @param stagingRetention staging tables of failed or killed runs are deleted once this old
 */
public record HousekeepingSettings(Duration controlVacuumRetention, Duration stagingRetention) {}

package dev.tidemark.report;

import java.time.LocalDate;
import java.util.Optional;

/** One landing date's state, the run that last touched it, and a line a person can read. */
public record DateCoverage(
    LocalDate date, CoverageState state, Optional<String> runId, String detail) {}

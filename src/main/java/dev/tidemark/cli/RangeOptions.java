package dev.tidemark.cli;

import dev.tidemark.plan.DateRange;
import java.time.LocalDate;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --from} and {@code --to}: landing dates, both inclusive, given together. */
final class RangeOptions {
  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD",
      description = "First landing date of a backfill (inclusive); needs --to.")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      description = "Last landing date of a backfill (inclusive); needs --from.")
  LocalDate to;

  /** The explicit range, or empty for an incremental run. */
  Optional<DateRange> range() {
    if (from == null && to == null) {
      return Optional.empty();
    }
    if (from == null || to == null) {
      throw new UsageException(
          "Cannot run a backfill with only "
              + (from == null ? "--to" : "--from")
              + ": give both --from and --to (landing dates, inclusive), or neither for an"
              + " incremental run");
    }
    if (from.isAfter(to)) {
      throw new UsageException(
          "Cannot use --from " + from + " --to " + to + ": --from is after --to");
    }
    return Optional.of(new DateRange(from, to));
  }
}

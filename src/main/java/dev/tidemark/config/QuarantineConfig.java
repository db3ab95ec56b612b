package dev.tidemark.config;

/**
 * The quarantine ceiling: a run whose quarantined rows are more than {@code maxShare} of the rows
 * it read fails before publish. 1 means no ceiling.
 */
public record QuarantineConfig(double maxShare) {
  public static final String MAX_SHARE_KEY = "pipeline.quarantine.max-share";

  public static final QuarantineConfig NO_CEILING = new QuarantineConfig(1.0);

  public boolean hasCeiling() {
    return maxShare < 1.0;
  }
}

package dev.tidemark.report;

/**
 * A configured threshold that a run or a pipeline's state exceeded: which one, the value seen and
 * the limit, in the units the configuration uses.
 */
public record ThresholdBreach(String threshold, String value, String limit) {
  /** One line for people: "threshold max-lag: 3d 4h > 1d". */
  public String message() {
    return "threshold " + threshold + ": " + value + " > " + limit;
  }
}

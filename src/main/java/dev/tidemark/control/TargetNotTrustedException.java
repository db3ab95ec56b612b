package dev.tidemark.control;

/**
 * A run stopped before writing anything: its target is not the table the pipeline's runs published
 * (see {@link TargetTrust}). The message names what was found and the rebuilding command.
 */
final class TargetNotTrustedException extends RuntimeException {
  TargetNotTrustedException(String message) {
    super(message);
  }
}

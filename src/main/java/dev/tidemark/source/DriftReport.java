package dev.tidemark.source;

import java.util.List;

/** What a run's schema-drift checks let through: columns added to the target, columns left out. */
public record DriftReport(List<String> added, List<String> ignored) {
  public DriftReport {
    added = List.copyOf(added);
    ignored = List.copyOf(ignored);
  }

  /** For the stage's summary line: empty when there was no drift. */
  public String summary() {
    String text = "";
    if (!added.isEmpty()) {
      text += "; columns added to the target: " + String.join(", ", added);
    }
    if (!ignored.isEmpty()) {
      text += "; undeclared columns left out: " + String.join(", ", ignored);
    }
    return text;
  }
}

package dev.tidemark.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The process cases' table and goals: each command's wall time as its own process, against a
 * process that only starts Spark and counts the target's rows.
 */
final class ProcessReport {
  /** A command that needs no Spark should cost at most this share of a Spark start. */
  static final double LIMIT = 0.2;

  private static final List<String> COMMANDS =
      List.of(ProcessCases.STATUS, ProcessCases.HISTORY, ProcessCases.NO_OP_RUN);

  /** The process cases in the order they run. */
  private final Map<String, List<Measurement>> byCase = new LinkedHashMap<>();

  ProcessReport(List<Measurement> results) {
    for (Measurement m : results) {
      if (m.caseName().startsWith(ProcessCases.PREFIX)) {
        byCase.computeIfAbsent(m.caseName(), k -> new ArrayList<>()).add(m);
      }
    }
  }

  /** Whether the process cases ran (every full run measures them). */
  boolean measured() {
    return byCase.containsKey(ProcessCases.BASELINE);
  }

  List<BenchReport.Goal> goals() {
    List<BenchReport.Goal> goals = new ArrayList<>();
    if (!measured()) {
      return goals;
    }
    for (String command : COMMANDS) {
      goals.add(
          BenchReport.Goal.ratio(
              label(command) + " process / Spark count process", ratio(command), LIMIT, ""));
    }
    return goals;
  }

  private double median(String name) {
    return BenchReport.median(byCase.get(name));
  }

  private double ratio(String name) {
    return median(name) / median(ProcessCases.BASELINE);
  }

  private static String label(String name) {
    return name.substring(ProcessCases.PREFIX.length());
  }

  String markdown() {
    StringBuilder md =
        new StringBuilder(
            "| process | median s | repetitions s | warm-up s | ratio to Spark count |"
                + " last repetition |\n"
                + "|---|---:|---|---:|---:|---|\n");
    byCase.forEach(
        (name, ms) ->
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %s | %.1f | %.2f | %s |%n",
                    label(name),
                    median(name),
                    ms.stream()
                        .filter(m -> !m.warmUp())
                        .map(m -> String.format(Locale.ROOT, "%.1f", m.seconds()))
                        .collect(Collectors.joining(", ")),
                    ms.get(0).seconds(),
                    ratio(name),
                    ms.get(ms.size() - 1).note())));
    return md.toString();
  }

  void json(ArrayNode processes) {
    byCase.forEach(
        (name, ms) -> {
          ObjectNode c = processes.addObject();
          c.put("process", label(name));
          c.put("median_seconds", median(name));
          c.put("ratio_to_spark_count", ratio(name));
          ArrayNode reps = c.putArray("repetitions");
          for (Measurement m : ms) {
            ObjectNode r = reps.addObject();
            r.put("repetition", m.repetition());
            r.put("warm_up", m.warmUp());
            r.put("seconds", m.seconds());
            r.put("note", m.note());
          }
        });
  }
}

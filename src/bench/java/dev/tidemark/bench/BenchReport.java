package dev.tidemark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.runtime.Tidemark;
import dev.tidemark.sample.SampleSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's tables: medians per case with their ratios to the plain copy, the process cases
 * ({@link ProcessReport}), and the goals checked.
 */
final class BenchReport {
  /** One goal of the performance issue: a ratio and its limit, or a plain condition. */
  record Goal(String name, double value, double limit, boolean met, String detail) {
    /** A ratio within its limit; a problem found beside it (files rewritten) misses it too. */
    static Goal ratio(String name, double value, double limit, String problem) {
      return new Goal(name, value, limit, value <= limit && problem.isEmpty(), problem);
    }
  }

  /** The cases run in this process, in the order they run. */
  private final Map<String, List<Measurement>> byCase = new LinkedHashMap<>();

  private final ProcessReport processes;

  private final SampleSpec range;
  private final SampleSpec daily;
  private final int historyGrowth;
  private final String master;

  BenchReport(
      List<Measurement> results,
      SampleSpec range,
      SampleSpec daily,
      int historyGrowth,
      String master) {
    for (Measurement m : results) {
      if (!m.caseName().startsWith(ProcessCases.PREFIX)) {
        byCase.computeIfAbsent(m.caseName(), k -> new ArrayList<>()).add(m);
      }
    }
    this.processes = new ProcessReport(results);
    this.range = range;
    this.daily = daily;
    this.historyGrowth = historyGrowth;
    this.master = master;
  }

  double median(String name) {
    return median(byCase.get(name));
  }

  /** The median of the measured repetitions; the warm-up's time when it is the only one. */
  static double median(List<Measurement> repetitions) {
    double[] times =
        repetitions.stream()
            .filter(m -> !m.warmUp())
            .mapToDouble(Measurement::seconds)
            .sorted()
            .toArray();
    if (times.length == 0) {
      return repetitions.get(0).seconds();
    }
    int mid = times.length / 2;
    return times.length % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  }

  private double warmUp(String name) {
    return byCase.get(name).get(0).seconds();
  }

  private long peakHeap(String name) {
    return byCase.get(name).stream().mapToLong(Measurement::peakHeapBytes).max().orElse(0);
  }

  /** Target files added plus removed, over every measured repetition (-1: not a Tidemark run). */
  private long filesRewritten(String name) {
    long total = 0;
    for (Measurement m : byCase.get(name)) {
      if (m.filesAdded() < 0) {
        return -1;
      }
      total += m.filesAdded() + m.filesRemoved();
    }
    return total;
  }

  /**
   * The goals. The plain copy stays in the table as the floor, but no goal is measured
   * against it: the backfill's yardstick is the job people would write instead, the naive one.
   */
  List<Goal> goals() {
    double backfill = median("backfill");
    int days = daily.days() - 1;
    int bigDays = days * historyGrowth;
    String big = "incremental x" + historyGrowth;
    List<Goal> goals = new ArrayList<>();
    goals.add(
        ratio(
            "incremental day / naive daily, " + days + " days of history",
            median("incremental x1") / median("naive daily x1"),
            1.0,
            ""));
    goals.add(
        ratio(
            "incremental day / naive daily, " + bigDays + " days of history",
            median(big) / median("naive daily x" + historyGrowth),
            1.0,
            ""));
    goals.add(
        ratio(
            "incremental day, " + bigDays + " / " + days + " days of history",
            median(big) / median("incremental x1"),
            1.1,
            ""));
    goals.add(ratio("first backfill / naive backfill", backfill / median("naive"), 1.3, ""));
    long rerunFiles = filesRewritten("rerun");
    goals.add(
        ratio(
            "rerun, unchanged inputs / full backfill",
            median("rerun") / backfill,
            0.05,
            rerunFiles == 0 ? "" : rerunFiles + " target files rewritten"));
    long forceFiles = filesRewritten("rerun --force");
    goals.add(
        ratio(
            "rerun --force / full backfill",
            median("rerun --force") / backfill,
            0.6,
            forceFiles == 0 ? "" : forceFiles + " target files rewritten"));
    goals.add(ratio("reconciliation / full backfill", median("reconcile") / backfill, 0.5, ""));
    long max = HeapMeter.maxHeap();
    goals.add(
        new Goal(
            "every case completes within the driver heap",
            byCase.keySet().stream().mapToLong(this::peakHeap).max().orElse(0) / 1048576.0,
            max / 1048576.0,
            true,
            "peak MiB of max MiB"));
    goals.addAll(processes.goals());
    return goals;
  }

  /**
   * The late-file cases: an incremental run reading one late file in the oldest of {@code days}
   * published folders, and the list calls its search took.
   */
  static String lateFiles(List<Measurement> results) {
    Map<String, List<Measurement>> cases = new LinkedHashMap<>();
    for (Measurement m : results) {
      if (m.caseName().startsWith("late files")) {
        cases.computeIfAbsent(m.caseName(), k -> new ArrayList<>()).add(m);
      }
    }
    StringBuilder md =
        new StringBuilder(
            "| late-file case | median s | warm-up s | list calls, plan (last repetition) |\n"
                + "|---|---:|---:|---|\n");
    cases.forEach(
        (name, ms) -> {
          String note = ms.get(ms.size() - 1).note();
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %.1f | %.1f | %s |%n",
                  name,
                  median(ms),
                  ms.get(0).seconds(),
                  note.contains("; stages") ? note.substring(0, note.indexOf("; stages")) : note));
        });
    return md.toString();
  }

  private static Goal ratio(String name, double value, double limit, String problem) {
    return Goal.ratio(name, value, limit, problem);
  }

  boolean allGoalsMet() {
    return goals().stream().allMatch(Goal::met);
  }

  private String machine() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%d cores, %s %s, Java %s, max heap %,d MiB, Spark master %s",
        rt.availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        HeapMeter.maxHeap() >> 20,
        master);
  }

  String markdown() {
    double floor = median("floor");
    StringBuilder md = new StringBuilder();
    md.append("## Tidemark benchmark (")
        .append(Tidemark.version())
        .append(")\n\n")
        .append("Machine: ")
        .append(machine())
        .append(".\n\nData: backfill range ")
        .append(describe(range))
        .append("; incremental cases: one new day of ")
        .append(String.format(Locale.ROOT, "%,d", daily.rowsPerDay()))
        .append(" rows on a history of ")
        .append(daily.days() - 1)
        .append(" days and ")
        .append(historyGrowth)
        .append(" times that, each for Tidemark and for the naive daily job.\n\n")
        .append(
            "| case | median s | warm-up s | ratio to copy | peak heap MiB | files rewritten |\n")
        .append("|---|---:|---:|---:|---:|---:|\n");
    for (String name : byCase.keySet()) {
      long files = filesRewritten(name);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %.2f | %,d | %s |%n",
              name,
              median(name),
              warmUp(name),
              median(name) / floor,
              peakHeap(name) >> 20,
              files < 0 ? "" : Long.toString(files)));
    }
    String late = lateFiles(byCase.values().stream().flatMap(List::stream).toList());
    if (late.lines().count() > 2) {
      md.append("\n").append(late);
    }
    if (processes.measured()) {
      md.append("\nEach command as its own process, started by `scripts/tidemark`:\n\n")
          .append(processes.markdown());
    }
    md.append("\n| goal | measured | limit | met |\n|---|---:|---:|---|\n");
    for (Goal g : goals()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.2f | %s%s |%n",
              g.name(),
              g.value(),
              g.limit(),
              g.met() ? "yes" : "NO",
              g.detail().isEmpty() ? "" : " (" + g.detail() + ")"));
    }
    return md.toString();
  }

  private static String describe(SampleSpec spec) {
    return String.format(
        Locale.ROOT,
        "%d landing days of about %,d raw rows from %s",
        spec.days(),
        spec.rowsPerDay(),
        spec.start());
  }

  String json() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("tidemark_version", Tidemark.version());
    root.put("machine", machine());
    root.put("range", describe(range));
    root.put("incremental_day_rows", daily.rowsPerDay());
    root.put("history_days", daily.days() - 1);
    root.put("history_growth", historyGrowth);
    ArrayNode cases = root.putArray("cases");
    for (Map.Entry<String, List<Measurement>> e : byCase.entrySet()) {
      ObjectNode c = cases.addObject();
      c.put("case", e.getKey());
      c.put("median_seconds", median(e.getKey()));
      c.put("ratio_to_copy", median(e.getKey()) / median("floor"));
      ArrayNode reps = c.putArray("repetitions");
      for (Measurement m : e.getValue()) {
        ObjectNode r = reps.addObject();
        r.put("repetition", m.repetition());
        r.put("warm_up", m.warmUp());
        r.put("seconds", m.seconds());
        r.put("total_seconds", m.totalSeconds());
        r.put("peak_heap_bytes", m.peakHeapBytes());
        r.put("files_added", m.filesAdded());
        r.put("files_removed", m.filesRemoved());
        r.put("note", m.note());
      }
    }
    processes.json(root.putArray("processes"));
    ArrayNode goals = root.putArray("goals");
    for (Goal g : goals()) {
      ObjectNode node = goals.addObject();
      node.put("goal", g.name());
      node.put("value", g.value());
      node.put("limit", g.limit());
      node.put("met", g.met());
      node.put("detail", g.detail());
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the benchmark's JSON", e);
    }
  }
}

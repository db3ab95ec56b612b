package dev.tidemark.report;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * In an hourly layout, the hours behind status's gaps and stale dates: hours whose files no run
 * published ({@code gaps}), and published hours with files new or changed since ({@code stale}).
 * Empty in a daily layout.
 */
public record LandingHours(List<LocalDateTime> gaps, List<LocalDateTime> stale) {
  public static final LandingHours NONE = new LandingHours(List.of(), List.of());

  public LandingHours {
    gaps = List.copyOf(gaps);
    stale = List.copyOf(stale);
  }

  /**
   * Hours as runs of consecutive ones, as {@code --from/--to} take them: {@code 2026-01-05T07,
   * 2026-01-05T09..2026-01-05T11}.
   */
  public static List<String> spans(List<LocalDateTime> hours) {
    List<String> spans = new ArrayList<>();
    int i = 0;
    while (i < hours.size()) {
      int end = i;
      while (end + 1 < hours.size() && hours.get(end + 1).equals(hours.get(end).plusHours(1))) {
        end++;
      }
      spans.add(
          end == i ? shown(hours.get(i)) : shown(hours.get(i)) + ".." + shown(hours.get(end)));
      i = end + 1;
    }
    return spans;
  }

  private static String shown(LocalDateTime hour) {
    return String.format("%sT%02d", hour.toLocalDate(), hour.getHour());
  }
}

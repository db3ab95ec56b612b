package dev.tidemark.report.html;

import dev.tidemark.report.DateCoverage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * In an hourly layout, the hours within the newest landing dates: one row per date, one cell per
 * hour 00 to 23, coloured by what its files are (published, never published, new since, none, not
 * come yet), each with its date and hour in its tooltip. A delivery that never came is a grey cell
 * between green ones.
 */
final class HourGrid {
  /** The newest dates shown: two weeks of hours fit a screen; older ones are in the calendar. */
  static final int DATES = 14;

  private static final Map<Character, String[]> STATES =
      Map.of(
          'p', new String[] {"published", "files published"},
          'n', new String[] {"never", "files never published"},
          'c', new String[] {"changed", "files new since published"},
          '-', new String[] {"none", "no files"},
          '.', new String[] {"later", "not come yet"});

  private HourGrid() {}

  /** The grid, or empty when no date has hours (a daily layout). */
  static String render(List<DateCoverage> calendar) {
    List<DateCoverage> dates =
        calendar.stream()
            .filter(c -> !c.hours().isEmpty())
            .sorted(Comparator.comparing(DateCoverage::date).reversed())
            .limit(DATES)
            .toList();
    if (dates.isEmpty()) {
      return "";
    }
    Html html = new Html(dates.size() * 24 * 120);
    html.open("div", "class", "hours");
    html.element("b", "");
    for (int h = 0; h < 24; h++) {
      html.element("b", String.format("%02d", h));
    }
    for (DateCoverage c : dates) {
      html.element("b", c.date().toString(), "class", "hdate");
      for (int h = 0; h < 24; h++) {
        String[] state = STATES.get(c.hours().charAt(h));
        String at = String.format("%sT%02d", c.date(), h);
        html.element(
            "span",
            "",
            "class",
            "hour " + state[0],
            "data-hour",
            at,
            "data-state",
            state[0],
            "title",
            at + " · " + state[1]);
      }
    }
    return html.close("div").toString();
  }
}

package dev.tidemark.report.html;

import dev.tidemark.report.CoverageState;
import dev.tidemark.report.DateCoverage;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The landing dates as month grids (weeks as rows, Monday first), one cell per date coloured by its
 * coverage state, with the date, state, run and detail in its tooltip. Months wrap across the page,
 * so one date and several years both fit. Days of a month that the calendar does not cover are
 * drawn faint, without {@code data-date}: only the model's dates are cells a test counts.
 */
final class CalendarView {
  private static final String[] WEEKDAYS = {"M", "T", "W", "T", "F", "S", "S"};

  private CalendarView() {}

  static String render(List<DateCoverage> calendar) {
    if (calendar.isEmpty()) {
      return "<p class=\"empty\">No landing dates known yet.</p>";
    }
    // Last entry wins for a date listed twice: one cell per date.
    Map<LocalDate, DateCoverage> byDate = new TreeMap<>();
    calendar.forEach(c -> byDate.put(c.date(), c));
    Map<YearMonth, Boolean> months = new TreeMap<>();
    byDate.keySet().forEach(d -> months.put(YearMonth.from(d), true));

    Html html = new Html(2048 + byDate.size() * 180);
    legend(html, byDate);
    html.open("div", "class", "months");
    months.keySet().forEach(month -> month(html, month, byDate));
    return html.close("div").toString();
  }

  /** The CSS class and data-state of a state: its name as one token ("not_processed"). */
  static String token(CoverageState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  private static void legend(Html html, Map<LocalDate, DateCoverage> byDate) {
    Map<CoverageState, Integer> counts = new EnumMap<>(CoverageState.class);
    byDate.values().forEach(c -> counts.merge(c.state(), 1, Integer::sum));
    html.open("p", "class", "legend-row");
    for (CoverageState state : CoverageState.values()) {
      int n = counts.getOrDefault(state, 0);
      html.open("span", "class", "legend", "data-state", token(state), "data-value", Format.raw(n))
          .element("i", "", "class", "day " + token(state))
          .text(state.label() + " " + Format.count(n))
          .close("span");
    }
    html.close("p");
  }

  private static void month(Html html, YearMonth month, Map<LocalDate, DateCoverage> byDate) {
    html.open("div", "class", "month", "data-month", month.toString());
    html.element(
        "div",
        month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear(),
        "class",
        "mname");
    html.open("div", "class", "days");
    for (String weekday : WEEKDAYS) {
      html.element("b", weekday);
    }
    int offset = month.atDay(1).getDayOfWeek().getValue() - 1;
    for (int i = 0; i < offset; i++) {
      html.element("i", "");
    }
    for (int day = 1; day <= month.lengthOfMonth(); day++) {
      DateCoverage c = byDate.get(month.atDay(day));
      if (c == null) {
        html.element("span", Integer.toString(day), "class", "day out");
      } else {
        html.element(
            "span",
            Integer.toString(day),
            "class",
            "day " + token(c.state()),
            "data-date",
            c.date().toString(),
            "data-state",
            token(c.state()),
            "title",
            tooltip(c));
      }
    }
    html.close("div").close("div");
  }

  private static String tooltip(DateCoverage c) {
    String run = c.runId().map(id -> "run " + id).orElse("no run");
    String tip = c.date() + " · " + c.state().label() + " · " + run;
    return c.detail().isBlank() ? tip : tip + " · " + c.detail();
  }
}

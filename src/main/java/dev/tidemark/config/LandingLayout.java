package dev.tidemark.config;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How landing folders are named below {@code pipeline.source.path}: a pattern of path segments such
 * as {@code dt={date}}, {@code {yyyy}/{MM}/{dd}/{HH}} (Kinesis Data Firehose) or {@code
 * year={yyyy}/month={MM}/day={dd}/hour={HH}} (Kafka Connect's S3 sink). The segments holding the
 * date make a landing date's folder; an hour segment, always the last, names the hours within it.
 *
 * <p>The landing unit is the day: a run reads the day folders of its range with every hour folder
 * in them, and reads only the files new since the day was published (see decision 24), so an hourly
 * schedule reads each hour's files once.
 *
 * <p>Tokens: {@code {date}} (YYYY-MM-DD), {@code {yyyy}}, {@code {MM}}, {@code {dd}} and {@code
 * {HH}}, each written with its leading zeros.
 */
public final class LandingLayout {
  /** The default: {@code dt=2026-01-31}. */
  public static final String DEFAULT = "dt={date}";

  private static final Pattern TOKEN = Pattern.compile("\\{([^}]*)}");
  private static final Map<String, String> EXACT =
      Map.of(
          "date", "(\\d{4}-\\d{2}-\\d{2})",
          "yyyy", "(\\d{4})",
          "MM", "(\\d{2})",
          "dd", "(\\d{2})",
          "HH", "([01]\\d|2[0-3])");
  private static final Map<String, String> LOOSE =
      Map.of(
          "date", "(\\d{4}\\D\\d{1,2}\\D\\d{1,2})",
          "yyyy", "(\\d{4})",
          "MM", "(\\d{1,2})",
          "dd", "(\\d{1,2})",
          "HH", "(\\d{1,2})");
  private static final Map<String, String> SHOWN =
      Map.of("date", "YYYY-MM-DD", "yyyy", "YYYY", "MM", "MM", "dd", "DD", "HH", "HH");

  private final String pattern;
  private final List<Segment> day;
  private final Optional<Segment> hour;

  /** One segment of the pattern: its text and the tokens in it, in order. */
  private record Segment(
      String text, List<String> tokens, Pattern exact, Pattern loose, String nonCapturing) {
    static Segment of(String text) {
      StringBuilder exact = new StringBuilder();
      StringBuilder loose = new StringBuilder();
      StringBuilder plain = new StringBuilder();
      List<String> tokens = new ArrayList<>();
      Matcher m = TOKEN.matcher(text);
      int at = 0;
      while (m.find()) {
        String literal = Pattern.quote(text.substring(at, m.start()));
        String token = m.group(1);
        tokens.add(token);
        exact.append(literal).append(EXACT.getOrDefault(token, "()"));
        loose.append(literal).append(LOOSE.getOrDefault(token, "()"));
        String tokenRegex = EXACT.getOrDefault(token, "()");
        plain.append(literal).append("(?:").append(tokenRegex.substring(1));
        at = m.end();
      }
      String rest = text.substring(at).isEmpty() ? "" : Pattern.quote(text.substring(at));
      return new Segment(
          text,
          List.copyOf(tokens),
          Pattern.compile(exact + rest),
          Pattern.compile(loose + rest),
          plain + rest);
    }

    String shown() {
      String shown = text;
      for (String token : tokens) {
        shown = shown.replace("{" + token + "}", SHOWN.get(token));
      }
      return shown;
    }
  }

  private LandingLayout(String pattern, List<Segment> day, Optional<Segment> hour) {
    this.pattern = pattern;
    this.day = List.copyOf(day);
    this.hour = hour;
  }

  /** Today's flat layout: one folder per date, {@code <prefix>YYYY-MM-DD}. */
  public static LandingLayout flat(String prefix) {
    if (prefix.contains("/") || prefix.contains("{") || prefix.contains("}")) {
      throw new IllegalArgumentException(
          "the prefix '"
              + prefix
              + "' holds a '/', '{' or '}': set pipeline.source.layout for nested folders");
    }
    return parse(prefix + "{date}");
  }

  /**
   * The layout a pattern describes.
   *
   * @throws IllegalArgumentException saying what is wrong with the pattern and what to write
   */
  public static LandingLayout parse(String pattern) {
    String p = pattern.trim();
    if (p.isEmpty() || p.startsWith("/") || p.endsWith("/") || p.contains("//")) {
      throw invalid(pattern, "it must be folder names joined by '/', without a leading '/'");
    }
    List<Segment> segments = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (String text : p.split("/")) {
      if (text.replaceAll(TOKEN.pattern(), "").matches(".*[{}].*")) {
        throw invalid(pattern, "'" + text + "' has an unmatched '{' or '}'");
      }
      Segment segment = Segment.of(text);
      for (String token : segment.tokens()) {
        if (!EXACT.containsKey(token)) {
          throw invalid(pattern, "{" + token + "} is not a token");
        }
        if (all.contains(token)) {
          throw invalid(pattern, "{" + token + "} appears twice");
        }
        all.add(token);
      }
      segments.add(segment);
    }
    boolean date = all.contains("date");
    boolean ymd = all.contains("yyyy") && all.contains("MM") && all.contains("dd");
    if (date == ymd || (date && (all.contains("yyyy") || all.contains("MM")))) {
      throw invalid(pattern, "it must name the day once, as {date} or as {yyyy}, {MM} and {dd}");
    }
    List<String> order = all.stream().filter(t -> !t.equals("HH")).toList();
    if (!date && !order.equals(List.of("yyyy", "MM", "dd"))) {
      throw invalid(pattern, "{yyyy}, {MM} and {dd} must come in that order");
    }
    Optional<Segment> hour = Optional.empty();
    if (all.contains("HH")) {
      Segment last = segments.get(segments.size() - 1);
      if (!last.tokens().equals(List.of("HH"))) {
        throw invalid(pattern, "{HH} must be the only token of the last folder");
      }
      hour = Optional.of(segments.remove(segments.size() - 1));
    }
    if (segments.get(segments.size() - 1).tokens().isEmpty()) {
      throw invalid(
          pattern, "the day's folder must be the last (or the last before the hour's folder)");
    }
    return new LandingLayout(p, segments, hour);
  }

  private static IllegalArgumentException invalid(String pattern, String why) {
    return new IllegalArgumentException(
        "the layout '"
            + pattern
            + "' cannot be used: "
            + why
            + ". Examples: dt={date}, {yyyy}/{MM}/{dd}/{HH},"
            + " year={yyyy}/month={MM}/day={dd}/hour={HH}");
  }

  /** The pattern as configured. */
  public String pattern() {
    return pattern;
  }

  /** The pattern as a person reads it: {@code year=YYYY/month=MM/day=DD/hour=HH}. */
  public String shown() {
    List<String> shown = new ArrayList<>();
    day.forEach(s -> shown.add(s.shown()));
    hour.ifPresent(s -> shown.add(s.shown()));
    return String.join("/", shown);
  }

  /** The prefix of a flat layout ({@code dt=} for {@code dt={date}}), empty for any other. */
  public Optional<String> flatPrefix() {
    if (day.size() != 1 || hour.isPresent() || !day.get(0).tokens().equals(List.of("date"))) {
      return Optional.empty();
    }
    String text = day.get(0).text();
    return text.endsWith("{date}")
        ? Optional.of(text.substring(0, text.length() - "{date}".length()))
        : Optional.empty();
  }

  /** Whether the day's folders hold one folder per hour. */
  public boolean hourly() {
    return hour.isPresent();
  }

  /** How many folders deep a day's folder is below the source root. */
  public int dayDepth() {
    return day.size();
  }

  /** A landing date's folder below the source root: {@code year=2026/month=01/day=05}. */
  public String dayFolder(LocalDate date) {
    List<String> names = new ArrayList<>();
    for (Segment s : day) {
      String name = s.text();
      name = name.replace("{date}", date.toString());
      name = name.replace("{yyyy}", String.format("%04d", date.getYear()));
      name = name.replace("{MM}", String.format("%02d", date.getMonthValue()));
      name = name.replace("{dd}", String.format("%02d", date.getDayOfMonth()));
      names.add(name);
    }
    return String.join("/", names);
  }

  /** An hour's folder name within its day's folder ({@code hour=07}); empty when not hourly. */
  public Optional<String> hourFolder(int hourOfDay) {
    return hour.map(s -> s.text().replace("{HH}", String.format("%02d", hourOfDay)));
  }

  /**
   * The hour of a file of {@code date}'s folder, by the hour folder it is in; empty when it is in
   * none written exactly (a file right in the day's folder, {@code hour=7}), or the layout has no
   * hours.
   */
  public OptionalInt hourOf(LocalDate date, String filePath) {
    if (hour.isEmpty()) {
      return OptionalInt.empty();
    }
    String marker = "/" + dayFolder(date) + "/";
    int at = filePath.lastIndexOf(marker);
    if (at < 0) {
      return OptionalInt.empty();
    }
    String rest = filePath.substring(at + marker.length());
    int slash = rest.indexOf('/');
    Matcher m = hour.get().exact().matcher(slash < 0 ? "" : rest.substring(0, slash));
    return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** Whether a folder name is an hour of this layout (00 to 23), as written. */
  public boolean isHour(String name) {
    return hour.map(s -> s.exact().matcher(name).matches()).orElse(false);
  }

  /**
   * The date the first {@code level + 1} folder names below the root make, as far as they go: the
   * year, month and day they name, each -1 when not named yet. Empty when a name does not match its
   * folder of the layout as written (with its leading zeros, a valid month and day).
   */
  public Optional<int[]> exact(List<String> names) {
    return values(names, true);
  }

  /**
   * As {@link #exact}, but reading numbers as loosely as people write them (2026-1-5, month=1), for
   * folders that are meant as landing folders but misnamed. Empty when a name is no spelling of its
   * folder at all (backup/, month=x).
   */
  public Optional<int[]> loose(List<String> names) {
    return values(names, false);
  }

  private Optional<int[]> values(List<String> names, boolean exact) {
    int[] ymd = {-1, -1, -1};
    for (int i = 0; i < names.size(); i++) {
      if (i >= day.size()) {
        return Optional.empty();
      }
      Segment s = day.get(i);
      Matcher m = (exact ? s.exact() : s.loose()).matcher(names.get(i));
      if (!m.matches()) {
        return Optional.empty();
      }
      for (int t = 0; t < s.tokens().size(); t++) {
        String value = m.group(t + 1);
        switch (s.tokens().get(t)) {
          case "date" -> {
            String[] parts = value.split("\\D");
            ymd[0] = Integer.parseInt(parts[0]);
            ymd[1] = Integer.parseInt(parts[1]);
            ymd[2] = Integer.parseInt(parts[2]);
          }
          case "yyyy" -> ymd[0] = Integer.parseInt(value);
          case "MM" -> ymd[1] = Integer.parseInt(value);
          case "dd" -> ymd[2] = Integer.parseInt(value);
          default -> throw new IllegalStateException(s.tokens().get(t));
        }
      }
    }
    if (ymd[1] != -1 && (ymd[1] < 1 || ymd[1] > 12)) {
      return Optional.empty();
    }
    if (exact && ymd[2] != -1 && ymd[2] > YearMonth.of(ymd[0], ymd[1]).lengthOfMonth()) {
      return Optional.empty();
    }
    if (ymd[2] == 0 && exact) {
      return Optional.empty();
    }
    return Optional.of(ymd);
  }

  /** The landing date a day folder's names make, when written exactly; see {@link #exact}. */
  public Optional<LocalDate> date(List<String> names) {
    if (names.size() != day.size()) {
      return Optional.empty();
    }
    return exact(names).map(v -> LocalDate.of(v[0], v[1], v[2]));
  }

  /**
   * The date a misnamed day folder's names come closest to, the day clamped into its month
   * (2026-02-30 is read as 2026-02-28); empty when they are no spelling of a date.
   */
  public Optional<LocalDate> closestDate(List<String> names) {
    if (names.size() != day.size()) {
      return Optional.empty();
    }
    return loose(names)
        .map(
            v -> {
              YearMonth ym = YearMonth.of(v[0], v[1]);
              return ym.atDay(Math.max(1, Math.min(v[2], ym.lengthOfMonth())));
            });
  }

  /**
   * A regular expression over a file's path below a root named {@code rootName} (empty for a
   * bucket's root) whose groups are its landing date: one group, YYYY-MM-DD, for {@code {date}};
   * else three, the year, month and day. It matches only folders named exactly, and, for an hourly
   * layout, only files in a valid hour's folder. A day that is no day (02-30) still matches: the
   * date's parse refuses it.
   */
  public String dateRegex(String rootName) {
    StringBuilder re = new StringBuilder(anchor(rootName));
    for (int i = 0; i < day.size(); i++) {
      re.append(i == 0 ? "" : "/").append(day.get(i).exact().pattern());
    }
    re.append('/');
    hour.ifPresent(s -> re.append(s.nonCapturing()).append('/'));
    return re.toString();
  }

  /** How many groups {@link #dateRegex} has: 1 or 3. */
  public int dateGroups() {
    return day.stream().anyMatch(s -> s.tokens().contains("date")) ? 1 : 3;
  }

  /**
   * The folders of a file's path that should make its landing folder, as many as there are up to a
   * landing folder's depth: what a quarantine reason names.
   */
  public String landingPathRegex(String rootName) {
    int depth = day.size() + (hour.isPresent() ? 1 : 0);
    String first = literalStart().map(l -> Pattern.quote(l) + "[^/]*").orElse("[^/]+");
    return anchor(rootName) + "(" + first + "(?:/[^/]+){0," + (depth - 1) + "})/";
  }

  /**
   * Where the landing folders start in a file's path. A layout whose first folder starts with a
   * fixed text (dt=, year=) is found by it, wherever the file is; one that starts with a number
   * ({yyyy}/...) must start right below the root, or /2026/01/05/ in the root's own path would do.
   */
  private String anchor(String rootName) {
    if (literalStart().isPresent()) {
      return "/";
    }
    return rootName.isEmpty() ? "^[^:/]*:/+[^/]+/" : "/" + Pattern.quote(rootName) + "/";
  }

  private Optional<String> literalStart() {
    String first = day.get(0).text();
    int token = first.indexOf('{');
    return token > 0 ? Optional.of(first.substring(0, token)) : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LandingLayout other && other.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}

package dev.tidemark.sample;

import java.time.LocalDate;

/**
 * Hand-written JSON for order rows. All values are plain ASCII we produced ourselves, so nothing
 * needs escaping; avoiding a JSON library and {@code String.format} keeps 10M rows fast and the
 * output independent of the default locale.
 */
final class RowFormatter {

  private final LocalDate start;
  private final String[] dates; // "yyyy-MM-dd" of every landing day, formatted once

  RowFormatter(LocalDate start, int days) {
    this.start = start;
    this.dates = new String[days];
    for (int day = 0; day < days; day++) {
      dates[day] = start.plusDays(day).toString();
    }
  }

  /** The ISO date of day index {@code day} (0 = spec start). */
  String date(int day) {
    return day >= 0 && day < dates.length ? dates[day] : start.plusDays(day).toString();
  }

  /** Appends one raw row, without the line break. */
  void appendRaw(StringBuilder sb, OrderLifecycle order, OrderVersion version) {
    appendFields(sb, order, version);
    sb.append('}');
  }

  /** Appends one golden row; {@code validTo} &lt; 0 means still current (null). */
  void appendGolden(
      StringBuilder sb, OrderLifecycle order, OrderVersion version, int validFrom, int validTo) {
    appendFields(sb, order, version);
    sb.append(",\"valid_from\":\"").append(date(validFrom)).append("\",\"valid_to\":");
    if (validTo < 0) {
      sb.append("null}");
    } else {
      sb.append('"').append(date(validTo)).append("\"}");
    }
  }

  private void appendFields(StringBuilder sb, OrderLifecycle order, OrderVersion version) {
    sb.append("{\"order_id\":\"ORD-");
    appendPadded(sb, order.seq, 8);
    sb.append("\",\"customer_id\":\"CUST-");
    appendPadded(sb, order.customerNo, 5);
    sb.append("\",\"order_date\":\"").append(date(order.orderDay));
    sb.append("\",\"status\":\"").append(version.status().json);
    sb.append("\",\"amount\":").append(version.amountCents() / 100).append('.');
    appendPadded(sb, version.amountCents() % 100, 2);
    sb.append(",\"currency\":\"").append(order.currency);
    sb.append("\",\"updated_at\":\"");
    appendTimestamp(sb, version.updatedAt());
    sb.append("\",\"version\":").append(version.version());
  }

  /** yyyy-MM-dd'T'HH:mm:ss.SSS'Z' of a time in ms since the start date's midnight UTC. */
  private void appendTimestamp(StringBuilder sb, long millis) {
    long day = Math.floorDiv(millis, OrderVersion.DAY_MS);
    int ms = (int) Math.floorMod(millis, OrderVersion.DAY_MS);
    sb.append(date((int) day)).append('T');
    appendPadded(sb, ms / 3_600_000, 2);
    sb.append(':');
    appendPadded(sb, ms / 60_000 % 60, 2);
    sb.append(':');
    appendPadded(sb, ms / 1000 % 60, 2);
    sb.append('.');
    appendPadded(sb, ms % 1000, 3);
    sb.append('Z');
  }

  /** Appends a non-negative number left-padded with zeros to at least {@code width} digits. */
  static void appendPadded(StringBuilder sb, long value, int width) {
    for (long limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
      if (value < limit) {
        sb.append('0');
      }
    }
    sb.append(value);
  }
}

package dev.tidemark.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand, so "today" in incremental runs is whatever the test says. Each
 * reading moves it one millisecond on, as a real clock would, so runs started one after the other
 * sort in the order they ran.
 */
public final class MutableClock extends Clock {
  private Instant now;

  public MutableClock(Instant now) {
    this.now = now;
  }

  /** Noon UTC of the given day, so runs sort by time within it. */
  public static MutableClock at(LocalDate day) {
    return new MutableClock(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
  }

  public synchronized void setDay(LocalDate day) {
    now = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
  }

  public synchronized void advanceSeconds(long seconds) {
    now = now.plusSeconds(seconds);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public synchronized Instant instant() {
    now = now.plusMillis(1);
    return now;
  }
}

package dev.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.plan.DateRange;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** {@code --from/--to}: landing dates, or dates and hours for an hourly layout. */
class RangeOptionsTest {
  private static final LocalDate D5 = LocalDate.of(2026, 1, 5);

  private static RangeOptions of(String from, String to) {
    RangeOptions options = new RangeOptions();
    options.from = from;
    options.to = to;
    return options;
  }

  @Test
  void datesAreWholeDaysAndADateWithAnHourStartsOrEndsWithin() {
    assertThat(of("2026-01-05", "2026-01-06").range()).contains(new DateRange(D5, D5.plusDays(1)));
    assertThat(of("2026-01-05T06", "2026-01-05T09").range()).contains(new DateRange(D5, D5, 6, 9));
    // As people write them: a space for the T, minutes of :00.
    assertThat(of("2026-01-05 6", "2026-01-06T09:00").range())
        .contains(new DateRange(D5, D5.plusDays(1), 6, 9));
    assertThat(of("2026-01-05T06", "2026-01-05").range()).contains(new DateRange(D5, D5, 6, 23));
    assertThat(of(null, null).range()).isEmpty();
  }

  @Test
  void whatIsNoDateOrHourIsAUsageErrorSayingWhatToGive() {
    for (String bad : new String[] {"2026-01-05T24", "2026-02-30", "2026-01-05T06:30", "today"}) {
      assertThatThrownBy(() -> of(bad, "2026-03-01").range())
          .isInstanceOf(UsageException.class)
          .hasMessage(
              "Invalid value for option '--from': '"
                  + bad
                  + "' is not a date; use YYYY-MM-DD, e.g. 2026-01-31, or in an hourly layout a"
                  + " date and hour, 2026-01-31T06");
    }
    assertThatThrownBy(() -> of("2026-01-05T09", "2026-01-05T06").range())
        .isInstanceOf(UsageException.class)
        .hasMessage("Cannot use --from 2026-01-05T09 --to 2026-01-05T06: --from is after --to");
  }
}

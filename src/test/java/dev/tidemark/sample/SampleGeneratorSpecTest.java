package dev.tidemark.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorSpecTest {

  private static final LocalDate START = LocalDate.of(2026, 1, 1);

  @TempDir Path tmp;

  @Test
  void defaultsAreThirtyDaysOfTenThousandRows() {
    assertThat(SampleSpec.defaults()).isEqualTo(new SampleSpec(START, 30, 10_000, 42, 2));
    assertThat(SampleSpec.defaults().lastLandingDate()).isEqualTo(LocalDate.of(2026, 1, 30));
  }

  @Test
  void rejectsSpecsThatCannotProduceData() {
    assertThatThrownBy(() -> new SampleSpec(START, 0, 10, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot ")
        .hasMessageContaining("days=0");
    assertThatThrownBy(() -> new SampleSpec(START, 3, -5, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot ")
        .hasMessageContaining("rowsPerDay=-5");
    assertThatThrownBy(() -> new SampleSpec(START, 3, 10, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot ")
        .hasMessageContaining("filesPerDay=0");
    assertThatThrownBy(() -> new SampleSpec(null, 3, 10, 1, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Cannot ");
  }

  @Test
  void rejectsSpecsThatRunOutOfEightDigitOrderIds() {
    SampleSpec tooMany = new SampleSpec(START, 400, 1_000_000, 1, 1);

    assertThatThrownBy(() -> SampleGenerator.write(tooMany, tmp.resolve("raw"), tmp.resolve("g")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot ")
        .hasMessageContaining("8 digits");
  }
}

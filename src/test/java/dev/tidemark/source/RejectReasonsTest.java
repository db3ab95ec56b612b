package dev.tidemark.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RejectReasonsTest {
  @Test
  void theCharacterLoopFindsWhatThePatternFinds() {
    // Every row's text columns go through the loop; the pattern names the column when it fires.
    // They must agree on every character, or a row would be quarantined without a reason.
    Pattern notText = Pattern.compile(RejectReasons.NOT_TEXT);
    List<Integer> disagreements = new ArrayList<>();
    List<Integer> found = new ArrayList<>();
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      String text = "ab" + (char) c + "cd";
      boolean byPattern = notText.matcher(text).find();
      if (byPattern != RejectReasons.holdsNotText(text)) {
        disagreements.add(c);
      }
      if (byPattern) {
        found.add(c);
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(found)
        .hasSize(30)
        .contains(0, 8, 0x0B, 0x0C, 0x1F, 0xFFFD)
        .doesNotContain(9, 10, 13);
    assertThat(RejectReasons.holdsNotText(null)).isFalse();
    assertThat(RejectReasons.holdsNotText("")).isFalse();
  }
}

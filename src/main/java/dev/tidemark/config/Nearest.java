package dev.tidemark.config;

import java.util.Comparator;
import java.util.List;

/** The known key closest in spelling to an unknown one, to suggest in an error message. */
final class Nearest {
  private Nearest() {}

  /** The candidate with the fewest edits from {@code word}; the first of equals. */
  static String of(String word, List<String> candidates) {
    return candidates.stream()
        .min(Comparator.comparingInt(c -> distance(word, c)))
        .orElseThrow(() -> new IllegalArgumentException("No candidates for " + word));
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}

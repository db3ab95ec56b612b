package dev.tidemark.bench;

/**
 * One repetition of one case: wall time, peak driver heap (0 for a case run in another process),
 * and the target files it added and removed (-1 where the case does not say). {@code seconds} is
 * what the goals compare; for a Tidemark run it leaves reconciliation out, which is measured on its
 * own.
 */
record Measurement(
    String caseName,
    int repetition,
    double seconds,
    double totalSeconds,
    long peakHeapBytes,
    long filesAdded,
    long filesRemoved,
    String note) {

  boolean warmUp() {
    return repetition == 0;
  }

  Measurement withNote(String more) {
    return new Measurement(
        caseName,
        repetition,
        seconds,
        totalSeconds,
        peakHeapBytes,
        filesAdded,
        filesRemoved,
        note.isEmpty() ? more : note + "; " + more);
  }
}

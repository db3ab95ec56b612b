package dev.tidemark.source;

/** One way a raw file disagrees with the configured schema, found in the file itself. */
sealed interface FileDrift {
  String column();

  String file();

  /**
   * A column the file holds that {@code pipeline.source.schema} does not declare. {@code fileType}
   * is what the file says its values are, empty where the format has no types (a CSV header).
   */
  record Undeclared(String column, String fileType, String file) implements FileDrift {}

  /** A declared column whose values in this file are of another type. */
  record ChangedType(String column, String declaredType, String fileType, String file)
      implements FileDrift {}
}

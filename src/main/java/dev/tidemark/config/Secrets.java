package dev.tidemark.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which settings hold secrets (S3 keys, session tokens, passwords), so that their values never
 * reach a log line, an error message, a run row or a report. The pattern is Spark's own default for
 * {@code spark.redaction.regex}, so a key Spark hides in its UI is hidden here too.
 */
public final class Secrets {
  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i)secret|password|passwd|token|credential(?!s?\\.provider)|access[._-]?key");

  /** What is shown instead of a secret value. */
  public static final String REDACTED = "*********(redacted)";

  private Secrets() {}

  /**
   * True for keys such as {@code fs.s3a.secret.key}, {@code fs.s3a.access.key}, {@code
   * fs.s3a.session.token}, {@code spark.hadoop.fs.s3a.bucket.b.secret.key} or {@code
   * aws.secretAccessKey}. The credentials provider class list is not a secret.
   */
  public static boolean isSecret(String key) {
    return SECRET_KEY.matcher(key).find();
  }

  /** The value, or {@link #REDACTED} when the key holds a secret. */
  public static String shown(String key, String value) {
    return isSecret(key) ? REDACTED : value;
  }

  /** A copy of the settings, sorted by key, with secret values redacted. */
  public static Map<String, String> redacted(Map<String, String> settings) {
    Map<String, String> shown = new TreeMap<>();
    settings.forEach((k, v) -> shown.put(k, shown(k, v)));
    return shown;
  }
}

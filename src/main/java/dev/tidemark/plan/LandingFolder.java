package dev.tidemark.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/** One landing date's folder as listed now: its data files, none when it does not exist. */
public record LandingFolder(LocalDate date, String path, List<SourceFile> files) {
  public LandingFolder {
    files = List.copyOf(files);
  }

  public boolean isEmpty() {
    return files.isEmpty();
  }

  public long bytes() {
    return files.stream().mapToLong(SourceFile::size).sum();
  }

  /** Hash of the files' names, sizes and modification times: changes when any file does. */
  public String fingerprint() {
    return fingerprint(files);
  }

  static String fingerprint(List<SourceFile> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      files.stream()
          .sorted(java.util.Comparator.comparing(SourceFile::path))
          .forEach(
              f ->
                  digest.update(
                      (name(f.path()) + "\t" + f.size() + "\t" + f.modifiedAt() + "\n")
                          .getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot fingerprint files: no SHA-256", e);
    }
  }

  /** The file's name within its folder, so moving the whole tree keeps the fingerprint. */
  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}

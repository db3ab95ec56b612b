package dev.tidemark.sample;

import dev.tidemark.config.LandingLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sample's landing folders laid out as another tool lays them out: each {@code
 * dt=YYYY-MM-DD/part-NNNNN.*} moved to its date's folder of the layout, and, for an hourly layout,
 * into an hour's folder, the parts of a day spread over its hours (two parts: 00 and 12).
 */
public final class SampleLayouts {
  private static final Pattern PART = Pattern.compile("part-(\\d+)\\..*");

  private SampleLayouts() {}

  /** Moves the {@code dt=} folders under {@code rawDir} into {@code layout}. */
  public static void move(Path rawDir, LandingLayout layout, int filesPerDay) {
    if (layout.equals(LandingLayout.flat("dt="))) {
      return;
    }
    try {
      deleteEarlierOutput(rawDir, layout);
      List<Path> days;
      try (Stream<Path> folders = Files.list(rawDir)) {
        days =
            folders
                .filter(f -> f.getFileName().toString().startsWith("dt="))
                .filter(Files::isDirectory)
                .sorted()
                .toList();
      }
      for (Path day : days) {
        LocalDate date = LocalDate.parse(day.getFileName().toString().substring("dt=".length()));
        Path target = rawDir.resolve(layout.dayFolder(date));
        List<Path> parts;
        try (Stream<Path> files = Files.list(day)) {
          parts = files.sorted().toList();
        }
        for (Path part : parts) {
          Path folder = target;
          Matcher m = PART.matcher(part.getFileName().toString());
          if (layout.hourly() && m.matches()) {
            int hour = Integer.parseInt(m.group(1)) * 24 / Math.max(1, filesPerDay) % 24;
            folder = target.resolve(layout.hourFolder(hour).orElseThrow());
          }
          Files.createDirectories(folder);
          Files.move(part, folder.resolve(part.getFileName()));
        }
        if (!target.equals(day)) {
          Files.delete(day); // dt={date}/hr={HH} keeps the day's folder: its hours are in it
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot lay out the sample files under "
              + rawDir
              + " as "
              + layout.pattern()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Folders an earlier run of the sample wrote in this layout: without this, a second sample would
   * land beside the first and double it.
   */
  private static void deleteEarlierOutput(Path rawDir, LandingLayout layout) throws IOException {
    List<Path> earlier;
    try (Stream<Path> top = Files.list(rawDir)) {
      earlier =
          top.filter(Files::isDirectory)
              .filter(f -> !f.getFileName().toString().startsWith("dt="))
              .filter(f -> layout.loose(List.of(f.getFileName().toString())).isPresent())
              .toList();
    }
    for (Path folder : earlier) {
      try (Stream<Path> walk = Files.walk(folder)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}

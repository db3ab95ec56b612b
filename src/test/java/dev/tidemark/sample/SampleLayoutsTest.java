package dev.tidemark.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.config.LandingLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample's dt= folders moved into a layout: every part in its hour, nothing left behind. */
class SampleLayoutsTest {
  @TempDir Path raw;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dt={date}/hr={HH}", // the day's folder is the dt= folder itself
        "year={yyyy}/month={MM}/day={dd}/hour={HH}",
        "{yyyy}/{MM}/{dd}"
      })
  void everyPartMovesIntoItsFolderOfTheLayoutAndASecondSampleReplacesTheFirst(String pattern)
      throws IOException {
    LandingLayout layout = LandingLayout.parse(pattern);
    for (int sample = 0; sample < 2; sample++) {
      deleteDtFolders(); // as the generator does before it writes a sample
      for (String part : List.of("part-00000.json", "part-00001.json")) {
        Path file = raw.resolve("dt=2026-01-05").resolve(part);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{}\n");
      }

      SampleLayouts.move(raw, layout, 2);
    }

    String day = layout.dayFolder(java.time.LocalDate.of(2026, 1, 5));
    List<String> files;
    try (Stream<Path> walk = Files.walk(raw)) {
      files =
          walk.filter(Files::isRegularFile)
              .map(f -> raw.relativize(f).toString())
              .sorted()
              .toList();
    }
    assertThat(files)
        .containsExactly(
            layout.hourly()
                ? List.of(
                        day + "/" + layout.hourFolder(0).orElseThrow() + "/part-00000.json",
                        day + "/" + layout.hourFolder(12).orElseThrow() + "/part-00001.json")
                    .toArray(String[]::new)
                : new String[] {day + "/part-00000.json", day + "/part-00001.json"});
  }

  private void deleteDtFolders() throws IOException {
    try (Stream<Path> walk = Files.walk(raw)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (raw.relativize(p).toString().startsWith("dt=")) {
          Files.delete(p);
        }
      }
    }
  }
}

package dev.tidemark.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file under a landing folder of a local disk, at any depth, listed folder by folder. */
class FilesUnderTest {
  @TempDir Path dir;

  @Test
  void listsEveryFileAtAnyDepthWithItsSizeAndTime() throws Exception {
    Path day = dir.resolve("2026/01/05");
    write(day.resolve("00/a.json"), "{}\n");
    write(day.resolve("07/b.json"), "{\"x\":1}\n");
    write(day.resolve("07/late/c.json"), "{}\n");
    write(day.resolve("_SUCCESS"), "");
    Files.createDirectories(day.resolve("08"));
    FileSystem fs = FileSystem.getLocal(new Configuration());

    var files = FilesUnder.list(fs, new org.apache.hadoop.fs.Path(day.toUri()));

    assertThat(files)
        .extracting(f -> dir.toUri().relativize(f.getPath().toUri()).getPath())
        .containsExactlyInAnyOrder(
            "2026/01/05/00/a.json",
            "2026/01/05/07/b.json",
            "2026/01/05/07/late/c.json",
            "2026/01/05/_SUCCESS");
    FileStatus b =
        files.stream().filter(f -> f.getPath().getName().equals("b.json")).findFirst().get();
    assertThat(b.getLen()).isEqualTo(8);
    assertThat(b.getModificationTime())
        .isEqualTo(Files.getLastModifiedTime(day.resolve("07/b.json")).toMillis());
  }

  @Test
  void aFolderThatIsNotThereIsNotFound() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    assertThatThrownBy(
            () -> FilesUnder.list(fs, new org.apache.hadoop.fs.Path(dir.resolve("no").toUri())))
        .isInstanceOf(FileNotFoundException.class);
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}

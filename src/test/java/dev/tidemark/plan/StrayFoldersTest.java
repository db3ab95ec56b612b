package dev.tidemark.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What under a source root no run reads is named, never silently skipped. */
class StrayFoldersTest {
  @TempDir Path root;

  private void write(String path) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{}\n");
  }

  @Test
  void foldersNotNamedAsLandingDatesAndFilesAtTheRootAreUnread() throws IOException {
    write("dt=2026-01-31/a.json");
    write("dt=2026-1-5/a.json"); // misnamed but dated: read with 2026-01-05, so not listed
    write("backup/dt=2026-01-31/a.json");
    write("dt_2026-01-31/a.json");
    write("dt=latest/a.json");
    write("notes.txt");
    write("_SUCCESS");
    write(".hidden/a.json");

    FolderLister lister = new FolderLister(new Configuration());

    assertThat(lister.unread(root.toString(), "dt="))
        .containsExactly("backup/", "dt=latest/", "dt_2026-01-31/", "notes.txt");
    assertThat(FolderLister.unreadAdvice("dt=", 4))
        .isEqualTo(
            "their names are not dt=YYYY-MM-DD, so no run reads them. Move the files into the"
                + " right dt=YYYY-MM-DD folder, or out of the source root");
    // A run still reads exactly the landing folders of its range.
    assertThat(
            lister
                .list(
                    root.toString(),
                    "dt=",
                    new DateRange(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 31)))
                .stream()
                .flatMap(f -> f.files().stream())
                .map(f -> f.path().replaceAll(".*/(dt=[^/]+/.*)", "$1")))
        .containsExactlyInAnyOrder("dt=2026-1-5/a.json", "dt=2026-01-31/a.json");
  }

  @Test
  void aRootWithOnlyLandingFoldersOrNoRootAtAllHasNothingUnread() throws IOException {
    write("dt=2026-01-31/a.json");
    FolderLister lister = new FolderLister(new Configuration());

    assertThat(lister.unread(root.toString(), "dt=")).isEmpty();
    assertThat(lister.unread(root.resolve("missing").toString(), "dt=")).isEqualTo(List.of());
  }
}

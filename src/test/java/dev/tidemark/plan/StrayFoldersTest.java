package dev.tidemark.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.config.LandingLayout;
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

    assertThat(lister.unread(root.toString(), LandingLayout.flat("dt=")))
        .containsExactly("backup/", "dt=latest/", "dt_2026-01-31/", "notes.txt");
    assertThat(FolderLister.unreadAdvice(LandingLayout.flat("dt="), 4))
        .isEqualTo(
            "their names are not dt=YYYY-MM-DD, so no run reads them. Move the files into the"
                + " right dt=YYYY-MM-DD folder, or out of the source root");
    // A run still reads exactly the landing folders of its range.
    assertThat(
            lister
                .list(
                    root.toString(),
                    LandingLayout.flat("dt="),
                    new DateRange(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 31)))
                .stream()
                .flatMap(f -> f.files().stream())
                .map(f -> f.path().replaceAll(".*/(dt=[^/]+/.*)", "$1")))
        .containsExactlyInAnyOrder("dt=2026-1-5/a.json", "dt=2026-01-31/a.json");
  }

  @Test
  void inANestedLayoutWhatIsNoSpellingOfItsFolderIsUnreadAtEveryLevel() throws IOException {
    LandingLayout layout = LandingLayout.parse("{yyyy}/{MM}/{dd}/{HH}");
    write("2026/01/31/07/a.json");
    write("2026/01/31/24/a.json"); // a bad hour: read with its day, into quarantine
    write("2026/1/5/07/a.json"); // misnamed but dated: read with 2026-01-05
    write("2026/13/01/07/a.json");
    write("2026/notes.txt");
    write("2026/01/backup/a.json");
    write("tmp/a.json");

    FolderLister lister = new FolderLister(new Configuration());

    assertThat(lister.unread(root.toString(), layout))
        .containsExactly("2026/01/backup/", "2026/13/", "2026/notes.txt", "tmp/");
    assertThat(FolderLister.unreadAdvice(layout, 1))
        .isEqualTo(
            "its name is not YYYY/MM/DD/HH, so no run reads it. Move the files into the right"
                + " YYYY/MM/DD/HH folder, or out of the source root");
    assertThat(
            lister
                .list(
                    root.toString(),
                    layout,
                    new DateRange(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 31)))
                .stream()
                .flatMap(f -> f.files().stream())
                .map(
                    f ->
                        f.path()
                            .replaceFirst("^file:", "")
                            .substring(root.toString().length() + 1)))
        .containsExactlyInAnyOrder(
            "2026/1/5/07/a.json", "2026/01/31/07/a.json", "2026/01/31/24/a.json");
    // Status sees the same folders by date, the misnamed one with the date it is read with.
    assertThat(lister.listAll(root.toString(), layout))
        .extracting(f -> f.date().toString(), f -> f.files().size())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2026-01-05", 1),
            org.assertj.core.groups.Tuple.tuple("2026-01-31", 2));
  }

  @Test
  void aRootWithOnlyLandingFoldersOrNoRootAtAllHasNothingUnread() throws IOException {
    write("dt=2026-01-31/a.json");
    FolderLister lister = new FolderLister(new Configuration());

    assertThat(lister.unread(root.toString(), LandingLayout.flat("dt="))).isEmpty();
    assertThat(lister.unread(root.resolve("missing").toString(), LandingLayout.flat("dt=")))
        .isEqualTo(List.of());
  }
}

package dev.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quarantine ceiling and key normalisation settings: defaults, and bad values named. */
class QuarantineSettingsTest {
  @TempDir Path dir;

  @Test
  void defaultsTrimKeysKeepTheirCaseAndSetNoCeiling() {
    PipelineConfig p = Workspace.create(dir, false).config().pipeline();

    assertThat(p.source().keyNormalisation())
        .isEqualTo(new KeyNormalisation(true, KeyNormalisation.Case.NONE));
    assertThat(p.quarantine().hasCeiling()).isFalse();
  }

  @Test
  void configuredValuesAreRead() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(
        false, "  quarantine.max-share = 0.05\n  key-normalisation { trim = false, case = UPPER }");

    PipelineConfig p = ws.config().pipeline();

    assertThat(p.quarantine().maxShare()).isEqualTo(0.05);
    assertThat(p.source().keyNormalisation())
        .isEqualTo(new KeyNormalisation(false, KeyNormalisation.Case.UPPER));
  }

  @Test
  void aShareAboveOneIsRefusedNamingKeyFileAndWhatIsAllowed() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  quarantine.max-share = 5");

    assertThatThrownBy(ws::config)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Cannot use pipeline.quarantine.max-share = 5.0 (")
        .hasMessageContaining("orders.conf")
        .hasMessageEndingWith("allowed is a share from 0 to 1, e.g. 0.05 for 5%");
  }

  /** A reader mode would drop bad lines (DROPMALFORMED) or stop at the first (FAILFAST). */
  @Test
  void aReaderModeThatWouldDropOrStopOnBadLinesIsRefused() {
    Workspace ws = Workspace.create(dir, false);
    for (String option : List.of("mode = DROPMALFORMED", "MODE = FAILFAST")) {
      ws.writePipeline(false, "  source.options { " + option + " }");

      assertThatThrownBy(ws::config)
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageStartingWith(
              "Cannot use pipeline.source.options." + option.split(" ")[0] + " (")
          .hasMessageContaining("orders.conf")
          .hasMessageContaining("sends the lines that do not parse to quarantine")
          .hasMessageEndingWith("remove it (see the quarantine with `tidemark quarantine`)");
    }
    ws.writePipeline(false, "  source.options { columnNameOfCorruptRecord = bad }");
    assertThatThrownBy(ws::config)
        .hasMessageStartingWith("Cannot use pipeline.source.options.columnNameOfCorruptRecord (");
  }

  @Test
  void anUnknownCaseIsRefused() {
    Workspace ws = Workspace.create(dir, false);
    ws.writePipeline(false, "  key-normalisation.case = title");

    assertThatThrownBy(ws::config)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Cannot use pipeline.key-normalisation.case = \"title\" (")
        .hasMessageEndingWith("allowed are none, upper and lower");
  }

  @Test
  void aChangedNormalisationChangesTheConfigurationHash() {
    Workspace ws = Workspace.create(dir, false);
    String before = ws.config().configHash();
    ws.writePipeline(false, "  key-normalisation.case = lower");

    assertThat(ws.config().configHash()).isNotEqualTo(before);
  }
}

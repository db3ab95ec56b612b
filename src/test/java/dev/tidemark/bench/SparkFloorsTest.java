package dev.tidemark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tidemark.config.TidemarkConfig;
import dev.tidemark.plan.DateRange;
import dev.tidemark.sample.SampleSummary;
import dev.tidemark.testing.TestSpark;
import dev.tidemark.testing.Workspace;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/bench --floors}: each part of a run, measured alone, does the work it names. */
class FloorsTest {
  @TempDir Path dir;

  @Test
  void eachFloorWritesTheRowsOfTheWorkItNames() {
    Workspace ws = Workspace.create(dir);
    SampleSummary sample = ws.generate(3, 40);
    TidemarkConfig config = ws.config();
    DateRange range = new DateRange(sample.firstLandingDate(), sample.lastLandingDate());
    Baselines baselines =
        new Baselines(TestSpark.session(), config.pipeline(), ws.raw, dir.resolve("bench"));
    SparkFloors floors =
        new SparkFloors(
            TestSpark.session(),
            config.pipeline(),
            Bench.rangeFiles(TestSpark.session(), config, range),
            baselines.read(range));

    Map<String, Long> rows = new LinkedHashMap<>();
    SparkFloors.CASES.forEach(name -> rows.put(name, floors.run(name)));

    assertThat(sample.distinctKeys()).isLessThan(sample.rawRows());
    assertThat(rows)
        .containsExactly(
            entry("floor: parse", sample.rawRows()),
            entry("floor: parse keys", sample.rawRows()),
            entry("floor: parse golden", sample.goldenRows()),
            entry("floor: extract", sample.rawRows()),
            entry("floor: extract, shuffle", sample.rawRows()),
            entry("floor: extract, dedup", sample.distinctKeys()));
    assertThatThrownBy(() -> floors.run("floor: write"))
        .hasMessage("Cannot measure floor 'floor: write'");
  }
}

package dev.tidemark.cli;

import static dev.tidemark.testing.Workspace.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.Cli;
import dev.tidemark.testing.MutableClock;
import dev.tidemark.testing.Workspace;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tidemark show}: what a run published and what it quarantined, read from the command line,
 * and clear refusals when there is nothing to show or the filter is wrong. One published day,
 * shared by the tests (they only read).
 */
class ShowCommandTest {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final MutableClock CLOCK = MutableClock.at(D1.plusDays(1));
  private static Workspace ws;

  @BeforeAll
  static void oneDayPublished() throws Exception {
    ws = Workspace.create(Files.createTempDirectory("tidemark-show"), false);
    ws.writeRaw(
        D1,
        "a.json",
        order("ORD-3", D1, "created", "30.00", "2026-01-01T08:00:00.000Z", 1),
        order("ORD-1", D1, "paid", "10.00", "2026-01-01T09:00:00.000Z", 2),
        order("ORD-2", D1, "created", "20.00", "2026-01-01T08:30:00.000Z", 1),
        "{not json");
    Cli.Result run = Cli.run(ws, CLOCK, "run", "orders", "--from", D1 + "", "--to", D1 + "");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void theTargetsRowsInKeyOrderFilteredAndLimited() {
    Cli.Result all = Cli.run(ws, CLOCK, "show", "orders");
    assertThat(all.exitCode()).as(all.err()).isEqualTo(ExitCodes.OK);
    List<String> lines = all.out().lines().toList();
    assertThat(lines.get(0)).startsWith("3 rows of the target (").endsWith(").");
    assertThat(lines.get(1)).startsWith("order_id").contains("status", "amount", "_tm_run_id");
    assertThat(lines.subList(2, 5))
        .satisfiesExactly(
            l -> assertThat(l).startsWith("ORD-1").contains("paid", "10.00"),
            l -> assertThat(l).startsWith("ORD-2").contains("created", "20.00"),
            l -> assertThat(l).startsWith("ORD-3").contains("created", "30.00"));

    Cli.Result paid = Cli.run(ws, CLOCK, "show", "orders", "--where", "status = 'paid'");
    assertThat(paid.out().lines().toList())
        .hasSize(3)
        .first()
        .asString()
        .startsWith("1 row of the target where status = 'paid'");

    Cli.Result first = Cli.run(ws, CLOCK, "show", "orders", "--limit", "2");
    assertThat(first.out())
        .startsWith("First 2 rows of the target")
        .contains("more match: raise --limit or narrow --where", "ORD-1", "ORD-2")
        .doesNotContain("ORD-3");
  }

  @Test
  void theQuarantinedLineWithItsFileAndReason() {
    Cli.Result quarantine = Cli.run(ws, CLOCK, "show", "orders", "--quarantine");

    assertThat(quarantine.exitCode()).as(quarantine.err()).isEqualTo(ExitCodes.OK);
    assertThat(quarantine.out())
        .startsWith("1 row of the quarantine (")
        .contains("{not json", "dt=2026-01-01/a.json", "line is not a JSON object");
  }

  @Test
  void jsonGivesTheRowsWithTheirTypes() throws Exception {
    Cli.Result shown =
        Cli.run(ws, CLOCK, "show", "orders", "--where", "amount > 15", "--limit", "1", "--json");

    assertThat(shown.exitCode()).as(shown.err()).isEqualTo(ExitCodes.OK);
    JsonNode json = new ObjectMapper().readTree(shown.out());
    assertThat(json.path("table").asText()).isEqualTo("target");
    assertThat(json.path("where").asText()).isEqualTo("amount > 15");
    assertThat(json.path("more").asBoolean()).isTrue();
    assertThat(json.path("rows")).hasSize(1);
    JsonNode row = json.path("rows").get(0);
    assertThat(row.path("order_id").asText()).isEqualTo("ORD-2");
    assertThat(row.path("amount").decimalValue()).isEqualByComparingTo("20.00");
    assertThat(row.path("order_date").asText()).isEqualTo("2026-01-01");
  }

  @Test
  void nothingToShowOrABadFilterIsAUsageErrorThatSaysWhatToDo() throws Exception {
    Cli.Result noStaging = Cli.run(ws, CLOCK, "show", "orders", "--staging", "r-none");
    assertThat(noStaging.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noStaging.err())
        .contains(
            "Cannot show the staging table of run r-none: there is none at ",
            "tidemark status orders");

    Cli.Result badColumn = Cli.run(ws, CLOCK, "show", "orders", "--where", "colour = 'red'");
    assertThat(badColumn.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badColumn.err())
        .contains("Cannot use --where \"colour = 'red'\" on the target", "order_id, customer_id")
        .doesNotContain("\tat ");

    Cli.Result both = Cli.run(ws, CLOCK, "show", "orders", "--quarantine", "--staging", "r-1");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("mutually exclusive");

    Workspace empty = Workspace.create(Files.createTempDirectory("tidemark-show-empty"), false);
    Cli.Result noTarget = Cli.run(empty, CLOCK, "show", "orders");
    assertThat(noTarget.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noTarget.err()).contains("there is no table at", "tidemark run orders");
  }
}

package dev.tidemark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow example in jobs/airflow compiles. Airflow is not installed here, so this checks the
 * Python syntax only; the imports are those of a real DAG file.
 */
class AirflowDagTest {
  private static final Path DAG = Path.of("jobs/airflow/tidemark_dag.py");

  @TempDir Path cache;

  @Test
  void theDagCompiles() throws Exception {
    ProcessBuilder compile =
        new ProcessBuilder("python3", "-m", "py_compile", DAG.toString()).redirectErrorStream(true);
    // Bytecode goes to a temp folder, never next to the DAG in the repository.
    compile.environment().put("PYTHONPYCACHEPREFIX", cache.toString());
    Process process;
    try {
      process = compile.start();
    } catch (IOException e) {
      throw new AssertionError(
          "Cannot run python3 to check " + DAG + ": install it (apt-get install python3)", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
    assertThat(process.exitValue()).as("python3 -m py_compile " + DAG + ":\n" + output).isZero();
  }
}

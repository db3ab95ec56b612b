package dev.tidemark.testing;

import java.lang.management.ManagementFactory;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM with this test JVM's classpath, as Spark needs it on Java 17, and
 * the test session's interpreted Spark settings.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java ... -cp <test classpath> mainClass}; the caller appends the arguments. */
  public static List<String> command(Class<?> mainClass, String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    // A child lives for a run or a few: the JIT's optimising tier (C2) spends more CPU compiling
    // than its code saves in that time. With the first tier alone a one-run CLI child took 51-59 s
    // of CPU instead of 77-85 s, and InterruptedRunsTest's seven-run child 166 s instead of 196 s,
    // on a busy 2-core machine. The compiler changes how fast code runs, never what it does.
    command.add("-XX:TieredStopAtLevel=1");
    // With the first tier alone the JVM reserves the 48 MB code cache of a non-tiered JVM, and
    // InterruptedRunsTest's seven side-by-side runs filled it: the JIT turned itself off
    // ("CodeCache
    // is full. Compiler has been disabled") and the child crawled on, interpreted, for minutes.
    command.add("-XX:ReservedCodeCacheSize=240m");
    // The --add-opens and -D flags Spark needs on Java 17, as surefire gave them to this JVM.
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-Djdk.") || arg.startsWith("-Dio.")) {
        command.add(arg);
      }
    }
    command.add("-Duser.timezone=UTC");
    // Spark reads spark.* system properties as defaults of its configuration: the child runs its
    // queries with this JVM's small-data settings (TestSpark.SMALL_DATA says why).
    TestSpark.SMALL_DATA.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    return command;
  }
}

package dev.tidemark.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of the product code, so the shape the packages show stays true: packages
 * depend on each other in one direction, only the command line ends the JVM, Spark's and Delta's
 * internals are touched in one package, and the stage steps are chained by the pipeline, not by
 * each other.
 */
class ArchitectureTest {
  private static final String ROOT = "dev.tidemark";
  private static JavaClasses product;

  @BeforeAll
  static void importProduct() {
    product =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(product);
  }

  @Test
  void onlyEntryPointsAndTheirCallersDependOnTheRootPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackages(ROOT, ROOT + ".cli..", ROOT + ".databricks..", ROOT + ".bench..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT)
        .because("the root package holds the entry points, which use everything else")
        .check(product);
  }

  @Test
  void onlyTheCommandLineEndsTheJvm() {
    noClasses()
        .that()
        .resideOutsideOfPackages(ROOT + ".cli..", ROOT + ".bench..")
        .should()
        .callMethod(System.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "halt", int.class)
        .because("exit codes are the command line's to choose; a library call never ends the JVM")
        .check(product);
  }

  @Test
  void sparkAndDeltaInternalsAreUsedInOnePackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".spark.internal")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.spark.sql.catalyst..",
            "org.apache.spark.sql.execution..",
            "org.apache.spark.sql.delta..",
            "org.apache.spark.sql.internal..",
            "org.apache.spark.internal..")
        .because(
            "Databricks runs its own Delta and Spark: internals are wrapped in spark.internal, the"
                + " one package an upgrade has to look at")
        .check(product);
  }

  @Test
  void deltaKernelIsUsedInOnePackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".kernel")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.delta.kernel..")
        .because(
            "Kernel reads paths without Spark for status and history (decision 0022); its scan"
                + " helpers and the table id are in its internal package, so one package wraps it")
        .check(product);
  }

  @Test
  void theInternalsPackageDependsOnNoOtherTidemarkPackage() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".spark.internal")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "are other Tidemark classes",
                (JavaClass c) ->
                    c.getPackageName().startsWith(ROOT)
                        && !c.getPackageName().equals(ROOT + ".spark.internal")))
        .check(product);
  }

  @Test
  void stageStepsDoNotCallEachOther() {
    ArchRuleDefinition.classes()
        .that(step())
        .should(notDependOnAnotherStep())
        .because("the pipeline chains the steps; a step takes the results of the one before it")
        .check(product);
  }

  /** A stage step: a top-level class whose name ends in Step, or a class nested in one. */
  private static DescribedPredicate<JavaClass> step() {
    return DescribedPredicate.describe("are stage steps", c -> stepOf(c) != null);
  }

  private static String stepOf(JavaClass c) {
    String topLevel = c.getName().split("\\$")[0];
    return topLevel.startsWith(ROOT + ".") && topLevel.endsWith("Step") ? topLevel : null;
  }

  private static ArchCondition<JavaClass> notDependOnAnotherStep() {
    return new ArchCondition<>("not depend on another stage step") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        String own = stepOf(c);
        c.getDirectDependenciesFromSelf().stream()
            .filter(d -> stepOf(d.getTargetClass()) != null)
            .filter(d -> !stepOf(d.getTargetClass()).equals(own))
            .forEach(d -> events.add(SimpleConditionEvent.violated(d, d.getDescription())));
      }
    };
  }
}

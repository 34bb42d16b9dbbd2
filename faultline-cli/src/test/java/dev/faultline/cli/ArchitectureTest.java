package dev.faultline.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps dependencies pointing inward, to the core model (see ARCHITECTURE.md). */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importAll() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.faultline");
  }

  @Test
  void coreDependsOnNothingOfOurs() {
    noClasses().that().resideInAPackage("dev.faultline.core..")
        .should().dependOnClassesThat().resideOutsideOfPackages("dev.faultline.core..", "java..")
        .check(classes);
  }

  @Test
  void engineDoesNotKnowTheCliTheReportOrTheInjectors() {
    noClasses().that().resideInAPackage("dev.faultline.engine..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.faultline.cli..", "dev.faultline.report..",
            "dev.faultline.demo..", "dev.faultline.proxy..", "picocli..", "io.netty..")
        .check(classes);
  }

  @Test
  void onlyTheCliKnowsPicocli() {
    noClasses().that().resideOutsideOfPackage("dev.faultline.cli..")
        .should().dependOnClassesThat().resideInAPackage("picocli..")
        .check(classes);
  }

  @Test
  void reportAndDemoStandAlone() {
    noClasses().that().resideInAnyPackage("dev.faultline.report..", "dev.faultline.demo..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.faultline.engine..", "dev.faultline.cli..")
        .check(classes);
  }

  @Test
  void modulesHaveNoCycles() {
    slices().matching("dev.faultline.(*)..").should().beFreeOfCycles().check(classes);
  }
}

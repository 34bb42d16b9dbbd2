package dev.faultline.engine.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.engine.python.standin.OsPathExists;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonFunctionsTest {

  @Test
  void installedStandInsAreFoundByModuleAndFunction() {
    PythonFunctions installed = PythonFunctions.installed();

    assertThat(installed.all()).extracting(f -> f.module() + "." + f.function()).containsExactly(
        "chaosprometheus.probes.query",
        "chaosprometheus.probes.query_interval",
        "os.path.exists",
        "os.rename");
    assertThat(installed.find("os.path", "exists")).get().isInstanceOf(OsPathExists.class);
    assertThat(installed.find("os", "path.exists")).isEmpty();
  }

  @Test
  void chaosToolkitsTestHelperStaysUnknown() {
    assertThat(PythonFunctions.installed().find("tests.fixtures.force_failure", "kaboom")).isEmpty();
  }

  @Test
  void twoStandInsForOneFunctionAreRefused() {
    assertThatThrownBy(() -> PythonFunctions.of(List.of(new OsPathExists(), new OsPathExists())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("two stand-ins for the python function os.path.exists");
  }
}

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
        "chaostoxi.proxy.actions.create_proxy",
        "chaostoxi.proxy.actions.delete_proxy",
        "chaostoxi.proxy.actions.disable_proxy",
        "chaostoxi.proxy.actions.enable_proxy",
        "chaostoxi.proxy.actions.modify_proxy",
        "chaostoxi.proxy.actions.reset",
        "chaostoxi.proxy.probes.get_proxy_attribute",
        "chaostoxi.proxy.probes.proxy_exist",
        "chaostoxi.toxic.actions.create_bandwith_degradation_toxic",
        "chaostoxi.toxic.actions.create_latency_toxic",
        "chaostoxi.toxic.actions.create_limiter_toxic",
        "chaostoxi.toxic.actions.create_slicer_toxic",
        "chaostoxi.toxic.actions.create_slow_connection_close_toxic",
        "chaostoxi.toxic.actions.create_timeout_toxic",
        "chaostoxi.toxic.actions.create_toxic",
        "chaostoxi.toxic.actions.delete_toxic",
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

package dev.faultline.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.faultline.core.experiment.ProviderSpec;
import dev.faultline.engine.python.PythonBridge;
import dev.faultline.engine.python.PythonFixture;
import dev.faultline.engine.python.PythonFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonProviderTest {
  private static final String NO_BRIDGE_MESSAGE = "python function tests.fixtures.force_failure.kaboom has no native"
      + " stand-in in Faultline and no Python interpreter that can import 'tests.fixtures.force_failure' was found"
      + " (set FAULTLINE_PYTHON to a python3 that has it installed); see docs/python-stand-ins.md for the functions"
      + " Faultline runs natively";

  @TempDir
  Path dir;

  private final PythonProvider withoutBridge =
      new PythonProvider(PythonFunctions.installed(), new PythonBridge(Optional.empty()));

  @Test
  void standInsRunWithoutPython() throws Exception {
    Path file = Files.writeString(dir.resolve("dummy.txt"), "x");

    Object found = withoutBridge.run(Map.of("module", "os.path", "func", "exists",
        "arguments", Map.of("path", file.toString())), SimpleRunContext.empty());
    Object missing = withoutBridge.run(Map.of("module", "os.path", "func", "exists",
        "arguments", Map.of("path", dir.resolve("nope").toString())), SimpleRunContext.empty());

    assertThat(found).isEqualTo(true);
    assertThat(missing).isEqualTo(false);
  }

  @Test
  void standInsValidateTheirArguments() {
    CollectingValidation validation = new CollectingValidation();

    withoutBridge.validate(new ProviderSpec("python", Map.of("module", "os", "func", "rename",
        "arguments", Map.of("src", "a", "destination", "b"))), validation);

    assertThat(validation.errors()).extracting(CollectingValidation.Problem::path, CollectingValidation.Problem::message)
        .containsExactly(
            tuple("arguments", "required argument 'dst' is missing; the function is"
                + " os.rename(src, dst, src_dir_fd=None, dst_dir_fd=None)"),
            tuple("arguments.destination", "argument 'destination' is not a parameter of"
                + " os.rename(src, dst, src_dir_fd=None, dst_dir_fd=None)"));
  }

  @Test
  void anUnknownFunctionWithoutPythonIsAValidationError() {
    CollectingValidation validation = new CollectingValidation();

    withoutBridge.validate(new ProviderSpec("python", Map.of("module", "tests.fixtures.force_failure",
        "func", "kaboom")), validation);

    assertThat(validation.errors()).extracting(CollectingValidation.Problem::path, CollectingValidation.Problem::message)
        .containsExactly(tuple("module", NO_BRIDGE_MESSAGE));
    assertThatThrownBy(() -> withoutBridge.run(Map.of("module", "tests.fixtures.force_failure", "func", "kaboom"),
        SimpleRunContext.empty()))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage(NO_BRIDGE_MESSAGE);
  }

  @Test
  void malformedProvidersAreReported() {
    CollectingValidation validation = new CollectingValidation();

    withoutBridge.validate(new ProviderSpec("python", Map.of("func", "", "arguments", List.of(1),
        "secrets", "vault", "timeout", 3)), validation);

    assertThat(validation.errors()).extracting(CollectingValidation.Problem::path).containsExactly(
        "module", "func", "arguments", "secrets");
    assertThat(validation.warnings()).extracting(CollectingValidation.Problem::path).containsExactly("timeout");
  }

  @Test
  void otherFunctionsGoThroughTheBridgeWithMergedSecrets() throws Exception {
    PythonProvider provider = new PythonProvider(PythonFunctions.installed(),
        new PythonBridge(Optional.of(PythonFixture.interpreter(dir))));
    CollectingValidation validation = new CollectingValidation();
    SimpleRunContext context = new SimpleRunContext(Map.of("region", "eu"),
        Map.of("k8s", Map.of("token", "a", "user", "u"), "vault", Map.of("token", "b"), "other", Map.of("x", 1)),
        new EngineSettings(Optional.empty()));

    provider.validate(new ProviderSpec("python", Map.of("module", PythonFixture.MODULE, "func", "summary",
        "arguments", Map.of("name", "orders"))), validation);
    provider.validate(new ProviderSpec("python", Map.of("module", PythonFixture.MODULE, "func", "summary",
        "arguments", Map.of("nam", "orders"))), validation);
    Object output = provider.run(Map.of("module", PythonFixture.MODULE, "func", "summary",
        "arguments", Map.of("name", "orders"), "secrets", List.of("k8s", "vault")), context);

    assertThat(validation.errors()).extracting(CollectingValidation.Problem::path, CollectingValidation.Problem::message)
        .containsExactly(tuple("func", "arguments do not fit " + PythonFixture.MODULE
            + ".summary: missing a required argument: 'name'"));
    Map<?, ?> result = (Map<?, ?>) output;
    assertThat(result.get("region")).isEqualTo("eu");
    assertThat(result.get("secrets")).as("listed scopes merged, later ones winning")
        .isEqualTo(Map.of("token", "b", "user", "u"));
  }
}

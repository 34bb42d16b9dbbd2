package dev.faultline.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.problem.Problem;
import dev.faultline.engine.Engine;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 27 real Chaos Toolkit experiments of {@code ctk-corpus} (copied from shared/ctk-corpus with
 * its license) get the outcome its README gives: valid, invalid with Chaos Toolkit's reason, or
 * "needs python stand-in" naming exactly the functions Faultline has no stand-in for.
 */
class ChaosToolkitCorpusTest {
  private static final Path CORPUS = Path.of("src/test/resources/ctk-corpus");
  private static final Pattern NO_STAND_IN = Pattern.compile("python function (\\S+) has no native stand-in");
  private static final Engine ENGINE = Engine.standard();

  /** Environment the README says some files need (env configuration without default, env secrets). */
  private static final Map<String, String> ENV = Map.of("APPLICATION_ENTRYPOINT_URL", "http://127.0.0.1:1",
      "POD_LABEL", "app=x", "NODE_NAME", "n1", "POD_NAMESPACE", "default", "COUNTER_URL", "http://127.0.0.1:1",
      "PROMETHEUS_URL", "http://127.0.0.1:1", "JAEGER_HOST", "127.0.0.1", "HUMIO_INGEST_TOKEN", "t0ken",
      "HUMIO_DATASPACE", "space", "SUPERPOWER_URL", "http://127.0.0.1:1");

  static Stream<Arguments> needsStandIns() {
    return Stream.of(
        Arguments.of("chaostoolkit--tests-fixtures-check-file-exists-fail.json", Set.of("tests.fixtures.force_failure.kaboom")),
        Arguments.of("walkthrough--lab1-experiment.json", Set.of("tolerances.should_not_have_any_errors",
            "chaosk8s.pod.actions.terminate_pods", "chaosk8s.pod.probes.read_pod_logs")),
        Arguments.of("walkthrough--lab2-experiment.json", Set.of("chaosk8s.crd.actions.create_custom_object",
            "chaosk8s.crd.actions.delete_custom_object", "chaosk8s.pod.probes.read_pod_logs")),
        Arguments.of("walkthrough--lab3-experiment.json", Set.of("chaosk8s.networking.actions.deny_all_ingress",
            "chaosk8s.networking.actions.remove_deny_all_ingress", "chaosk8s.pod.probes.read_pod_logs")),
        Arguments.of("walkthrough--lab4-experiment.json", Set.of("tolerances.error_count_should_not_grow",
            "chaosk8s.networking.actions.deny_all_ingress", "chaosk8s.networking.actions.remove_deny_all_ingress",
            "chaosk8s.pod.probes.read_pod_logs")),
        Arguments.of("walkthrough--lab5-experiment.json", Set.of("tolerances.error_count_should_not_grow",
            "chaosk8s.pod.probes.read_pod_logs")),
        Arguments.of("community-playground--kubernetes-pack-drain-node-experiment.json", Set.of(
            "chaosk8s.node.actions.drain_nodes", "chaosk8s.node.actions.uncordon_node")),
        Arguments.of("community-playground--kubernetes-pack-kill-pods-experiment.json", Set.of(
            "chaosk8s.pod.actions.terminate_pods")),
        Arguments.of("community-playground--learning-chaos-engineering-book-samples-chapter6-experiment.json", Set.of(
            "chaosk8s.pod.probes.pods_in_phase", "chaosk8s.node.actions.drain_nodes", "chaosk8s.node.actions.uncordon_node")),
        Arguments.of("community-playground--from-local-to-automated-chaostoolkit-experiments-rollout-v1-service2.json",
            Set.of("chaosk8s.deployment.actions.set_deployment_image", "chaosk8s.deployment.actions.rollback_deployment",
                "chaosk8s.deployment.probes.collect_deployment_status", "load.single")),
        Arguments.of(
            "community-playground--from-local-to-automated-chaostoolkit-experiments-rollout-v2-service2-global-settings.json",
            Set.of("chaosk8s.deployment.actions.set_deployment_image", "chaosk8s.deployment.actions.rollback_deployment",
                "chaosk8s.deployment.probes.collect_deployment_status", "load.single")),
        Arguments.of("community-playground--superpower-experiments-kubernetes-lose-all-of-powersources.json", Set.of(
            "chaospower.probes.ask_for_superpower", "chaospower.probes.has_kept_superpower",
            "chaosk8s.pod.actions.terminate_pods", "chaosk8s.pod.probes.read_pod_logs")),
        Arguments.of("chaostoolkit-demos--lab5-experiment.json", Set.of("tolerances.error_count_should_not_grow",
            "chaosk8s.networking.actions.deny_all_ingress", "chaosk8s.networking.actions.remove_deny_all_ingress",
            "chaosk8s.pod.probes.read_pod_logs")),
        Arguments.of("chaostoolkit-k6--examples-experiment.json", Set.of("chaosk6.actions.stress_endpoint")),
        Arguments.of("chaostoolkit-k6--examples-experiment.yaml", Set.of("chaosk6.probes.http",
            "chaosk8s.pod.probes.count_pods", "chaosk8s.pod.actions.terminate_pods")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("needsStandIns")
  void filesNeedingStandInsNameExactlyTheMissingFunctions(String file, Set<String> missing) {
    ValidationResult r = validate(file);
    assertThat(r.valid()).isFalse();
    Set<String> named = new TreeSet<>();
    for (Problem p : r.errors()) {
      Matcher m = NO_STAND_IN.matcher(p.message());
      if (m.find()) {
        named.add(m.group(1));
      } else {
        // The only other error these files may have: the load tool they shell out to is not installed here.
        assertThat(p.message()).as(p.toString()).startsWith("executable 'vegeta' was not found on PATH");
      }
    }
    assertThat(named).isEqualTo(new TreeSet<>(missing));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validFilesValidate(String file) {
    ValidationResult r = validate(file);
    assertThat(r.errors()).as(r.errors().toString()).isEmpty();
  }

  static Stream<String> valid() {
    return Stream.of(
        // process providers only
        "community-playground--interactive-controls-samples-simple-interactive-experiment.json",
        "community-playground--interactive-controls-samples-yorn-interactive-experiment.json",
        // valid thanks to the os.path.exists / os.rename stand-ins
        "chaostoolkit--tests-fixtures-check-file-exists.json",
        "chaostoolkit--tests-fixtures-check-file-exists-deviated.json",
        "chaostoolkit--tests-fixtures-override-hypothesis-runtime-strategy.json",
        "chaostoolkit--tests-fixtures-override-rollbacks-runtime-strategy.json",
        "chaostoolkit-documentation-code--tutorials-a-simple-walkthrough-experiment.json",
        "chaostoolkit-documentation-code--tutorials-a-simple-walkthrough-experiment.yaml",
        "community-playground--learning-chaos-engineering-book-samples-chapter5-experiment.json");
  }

  @Test
  void invalidPlanLacksADescription() {
    assertThat(errors("chaostoolkit--tests-fixtures-invalid-plan.json")).contains("experiment requires a description");
  }

  @Test
  void legacyStepsFormatIsRejectedForActivitiesWithoutType() {
    assertThat(errors("chaostoolkit--tests-fixtures-well-formed-experiment.json"))
        .contains("an activity must have a type (probe or action)");
  }

  @Test
  void hypothesisControlsGivenAsAnObjectAreRejected() {
    assertThat(errors("community-playground--superpower-experiments-kubernetes-lose-half-of-powersources.json"))
        .contains("A control must have a `name` property");
  }

  @Test
  void everyCorpusFileIsCovered() throws Exception {
    long covered = needsStandIns().count() + valid().count() + 3;
    try (Stream<Path> files = java.nio.file.Files.list(CORPUS)) {
      assertThat(files.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".yaml")).count())
          .isEqualTo(27).isEqualTo(covered);
    }
  }

  @Test
  void runtimeBlocksAreRead() {
    var exp = validate("chaostoolkit--tests-fixtures-override-rollbacks-runtime-strategy.json").experiment().orElseThrow();
    assertThat(exp.runtime().rollbackStrategy()).hasToString("NEVER");
    assertThat(exp.runtime().hypothesisStrategy()).hasToString("DEFAULT"); // missing from a runtime block = default
  }

  private static ValidationResult validate(String file) {
    return ENGINE.validate(CORPUS.resolve(file), new Overrides(Map.of(), Map.of(), ENV));
  }

  private static String errors(String file) {
    return validate(file).errors().stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }
}

package dev.faultline.engine.target;

import static dev.faultline.engine.target.TargetedFaultsTest.AGENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.RunStatus;
import dev.faultline.core.event.RunEvent;
import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.target.TargetSelector;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.run.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The progressive blast radius against real fault proxies: {@code proxy-disable} grows over the
 * checkout agents while a real TCP probe checks one agent's proxy; the first step that disables it
 * violates the steady state, and everything applied so far is reverted before the activity ends.
 */
class RolloutTest {
  static ProxyFleet fleet;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = ProxyFleet.start(AGENTS, Set.of());
  }

  @AfterAll
  static void stopFleet() throws Exception {
    fleet.close();
  }

  static String experiment(String watched, String rollout) throws Exception {
    int port = fleet.host(watched).port(ProxyFleet.PROXY);
    return "{\"title\": \"rollout\", \"description\": \"d\", \"steady-state-hypothesis\": {\"title\": \"" + watched
        + " answers\", \"probes\": [{\"type\": \"probe\", \"name\": \"" + watched + "-up\", \"tolerance\": true, "
        + "\"provider\": {\"type\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": " + port + ", \"output\": \"boolean\", "
        + "\"timeout\": 2}}]}, \"method\": [{\"type\": \"action\", \"name\": \"disable-checkout\", \"provider\": "
        + "{\"type\": \"fault\", \"fault\": \"proxy-disable\", \"parameters\": {\"proxy\": \"edge\"}}, \"target\": "
        + "{\"tags\": {\"service\": \"checkout\"}, \"mode\": \"all\", \"seed\": 5}, \"unsafe\": true, \"rollout\": "
        + rollout + "}]}";
  }

  /** The order the checkout agents are hit in with seed 5. */
  static List<String> order() {
    return new TargetSelector(Map.of("service", "checkout"), List.of(), null, null, TargetSelector.Mode.ALL)
        .choose(AGENTS, 5L, Set.of()).chosenIds();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theFirstStepThatBreaksTheSteadyStateStopsTheRolloutAndRevertsEverythingApplied() throws Exception {
    fleet.reset();
    List<String> order = order();
    String watched = order.get(1); // disabled by step 2
    List<String> disabledAtStep = new ArrayList<>();
    List<String> disabledAfterTheActivity = new ArrayList<>();
    TargetedFaultsTest harness = new TargetedFaultsTest();
    RunResult r = harness.run(experiment(watched, "[1, 2, \"100%\"]"), RunOptions.defaults().withFleet(fleet), e -> {
      try {
        if (e.kind() == RunEventKind.ROLLOUT_STEP) {
          disabledAtStep.add(e.attributes().get("step") + ":" + fleet.disabled().size());
        } else if (e.kind() == RunEventKind.ACTIVITY_ENDED && e.subject().equals("disable-checkout")) {
          disabledAfterTheActivity.addAll(fleet.disabled());
        }
      } catch (Exception ex) {
        throw new AssertionError(ex);
      }
    });

    assertThat(fleet.sent).as("agents a fault was sent to").containsExactly(order.get(0), order.get(1));
    assertThat(disabledAtStep).as("step:disabled proxies when each step was judged").containsExactly("1:1", "2:2");
    assertThat(disabledAfterTheActivity).as("reverted before the activity ended").isEmpty();
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.deviated()).as("a violated rollout is a deviation").isTrue();
    Map<String, Object> entry = TargetedFaultsTest.entry(r, 0);
    assertThat(entry).containsEntry("status", "failed");
    assertThat(TargetedFaultsTest.error(r, 0)).contains("rollout stopped at step 2 of 3 (2 of 4 agents)",
        "reverted on every agent");
    Map<String, Object> t = TargetedFaultsTest.target(r, 0);
    assertThat(t).containsEntry("stopped_at_step", 2).containsEntry("reverted", true)
        .containsEntry("rollout_sizes", List.of(1, 2, 4)).containsEntry("chosen", order);
    List<Map<String, Object>> steps = (List<Map<String, Object>>) t.get("rollout");
    assertThat(steps).hasSize(2);
    assertThat(steps.get(0)).containsEntry("step", 1).containsEntry("size", 1)
        .containsEntry("agents", List.of(order.get(0))).containsEntry("verdict", "held");
    assertThat(steps.get(1)).containsEntry("step", 2).containsEntry("size", 2)
        .containsEntry("agents", List.of(order.get(1))).containsEntry("verdict", "violated");
    assertThat((Map<String, Object>) steps.get(1).get("steady_state")).containsEntry("steady_state_met", false);
    assertThat(fleet.disabled()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void whileTheSteadyStateHoldsTheRolloutGrowsToTheLastStep() throws Exception {
    fleet.reset();
    List<Integer> disabledAtMethodEnd = new ArrayList<>();
    TargetedFaultsTest harness = new TargetedFaultsTest();
    RunResult r = harness.run(experiment("agent-4", "[1, \"50%\", \"100%\"]"), RunOptions.defaults().withFleet(fleet),
        e -> {
          if (e.kind() == RunEventKind.METHOD_ENDED) {
            try {
              disabledAtMethodEnd.add(fleet.disabled().size());
            } catch (Exception ex) {
              throw new AssertionError(ex);
            }
          }
        });
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.deviated()).isFalse();
    assertThat(disabledAtMethodEnd).containsExactly(4);
    List<Map<String, Object>> steps = (List<Map<String, Object>>) TargetedFaultsTest.target(r, 0).get("rollout");
    assertThat(steps).extracting(s -> s.get("size")).containsExactly(1, 2, 4);
    assertThat(steps).extracting(s -> s.get("verdict")).containsOnly("held");
    List<String> order = order();
    assertThat(steps).extracting(s -> s.get("agents")).containsExactly(order.subList(0, 1), order.subList(1, 2),
        order.subList(2, 4));
    List<RunEvent> stepEvents = harness.events.stream().filter(e -> e.kind() == RunEventKind.ROLLOUT_STEP).toList();
    assertThat(stepEvents).hasSize(3);
    assertThat(fleet.disabled()).as("recovered at run end").isEmpty();
  }
}

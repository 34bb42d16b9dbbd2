package dev.faultline.engine.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.RunStatus;
import dev.faultline.core.event.RunEvent;
import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.event.RunListener;
import dev.faultline.core.fleet.Fleet;
import dev.faultline.core.problem.Problem;
import dev.faultline.core.target.Target;
import dev.faultline.core.target.TargetSelector;
import dev.faultline.engine.Engine;
import dev.faultline.engine.fault.toxiproxy.Traffic;
import dev.faultline.engine.load.Document;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.run.DryMode;
import dev.faultline.engine.run.RunControl;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.run.RunResult;
import dev.faultline.engine.validate.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Targeted faults end to end through the engine's front door, against a {@link ProxyFleet} whose
 * five agents each own a real fault proxy: the selection (seeded, recorded), real toxics and
 * disabled proxies on exactly the chosen agents, the safety nets, dry runs, the rollout.
 */
class TargetedFaultsTest {
  /** agent-0..3 serve checkout (zones a, b, a, b); agent-4 serves search and runs on the server's host. */
  static final List<Target> AGENTS = List.of(
      agent("agent-0", "checkout", "a"), agent("agent-1", "checkout", "b"), agent("agent-2", "checkout", "a"),
      agent("agent-3", "checkout", "b"), agent("agent-4", "search", "a"));
  static ProxyFleet fleet;
  static final Engine ENGINE = Engine.standard();
  final List<RunEvent> events = new CopyOnWriteArrayList<>();

  static Target agent(String id, String service, String zone) {
    return new Target(id, "agent", Map.of("service", service, "zone", zone));
  }

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = ProxyFleet.start(AGENTS, Set.of("agent-4"));
  }

  @AfterAll
  static void stopFleet() throws Exception {
    fleet.close();
  }

  @BeforeEach
  void fresh() throws Exception {
    fleet.reset();
  }

  static String experiment(String hypothesis, String activities) {
    return "{\"title\": \"t\", \"description\": \"d\"," + (hypothesis == null ? "" : "\"steady-state-hypothesis\": "
        + hypothesis + ",") + "\"method\": [" + activities + "]}";
  }

  static String latency(String name, String target, String extra) {
    return "{\"type\": \"action\", \"name\": \"" + name + "\", \"provider\": {\"type\": \"fault\", \"fault\": "
        + "\"proxy-latency\", \"parameters\": {\"proxy\": \"edge\", \"latencyMs\": 300}}, \"target\": " + target
        + extra + "}";
  }

  RunResult run(String json, RunOptions options, RunListener also) {
    ValidationResult v = validate(json, options);
    assertThat(v.errors()).as("validation errors").isEmpty();
    return ENGINE.run(v.experiment().orElseThrow(), options, new RunControl(), e -> {
      events.add(e);
      also.onEvent(e);
    });
  }

  static ValidationResult validate(String json, RunOptions options) {
    try {
      Document d = new DocumentLoader().parse("inline.json", json.getBytes(StandardCharsets.UTF_8),
          DocumentLoader.Syntax.JSON);
      return ENGINE.validateForRun(d, options);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static RunOptions withFleet() {
    return RunOptions.defaults().withFleet(fleet);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> entry(RunResult r, int i) {
    return ((List<Map<String, Object>>) r.journal().get("run")).get(i);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> target(RunResult r, int i) {
    return (Map<String, Object>) entry(r, i).get(TargetedFaults.JOURNAL_KEY);
  }

  @Test
  void latencyHitsExactlyTheSeededChoiceOfAgentsForRealAndIsRecoveredAtRunEnd() throws Exception {
    List<String> withToxicsDuringTheRun = new ArrayList<>();
    long[] echoMs = {-1};
    RunResult r = run(experiment(null, latency("slow-checkout", "{\"tags\": {\"service\": \"checkout\"}, "
        + "\"count\": 2, \"seed\": 42}", "")), withFleet(), e -> {
          if (e.kind() == RunEventKind.ACTIVITY_ENDED) {
            try {
              withToxicsDuringTheRun.addAll(fleet.withToxics());
              String first = withToxicsDuringTheRun.get(0);
              echoMs[0] = Traffic.echo(fleet.host(first).port(ProxyFleet.PROXY), "ping".getBytes(),
                  Duration.ofSeconds(5)).elapsedMs();
            } catch (Exception ex) {
              throw new AssertionError(ex);
            }
          }
        });

    List<String> expected = new TargetSelector(Map.of("service", "checkout"), List.of(), 2, null)
        .choose(AGENTS, 42L, Set.of("agent-4")).chosenIds();
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(entry(r, 0)).containsEntry("status", "succeeded");
    Map<String, Object> t = target(r, 0);
    assertThat(t).containsEntry("seed", 42L).containsEntry("seed_from", "file").containsEntry("candidates", 5)
        .containsEntry("carrying_tags", 4).containsEntry("matching", 4).containsEntry("chosen", expected)
        .containsEntry("applied", expected);
    assertThat(withToxicsDuringTheRun).as("agents whose proxy had a latency toxic").containsExactlyInAnyOrderElementsOf(expected);
    assertThat(echoMs[0]).as("echo round trip through a chosen agent's proxy, ms").isGreaterThanOrEqualTo(300);
    assertThat(fleet.withToxics()).as("toxics left after the run").isEmpty();
    RunEvent selected = events.stream().filter(e -> e.kind() == RunEventKind.TARGET_SELECTED).findFirst().orElseThrow();
    assertThat(selected.attributes()).containsEntry("chosen", expected).containsEntry("seed", 42L)
        .containsEntry("dry", false);
    assertThat(events.stream().filter(e -> e.kind() == RunEventKind.FAULT_APPLIED)).hasSize(2)
        .as("applied through the run's fault session, with its lease").allSatisfy(e -> {
          assertThat(e.attributes()).containsKey("lease_ms");
          assertThat(e.subject()).startsWith("proxy-latency on agent-");
        });
  }

  @Test
  void aTargetedFaultWithADurationIsRecoveredOnEveryAgentWhenItEnds() throws Exception {
    List<String> afterThePause = new ArrayList<>();
    RunResult r = run(experiment(null, "{\"type\": \"action\", \"name\": \"short\", \"provider\": {\"type\": "
        + "\"fault\", \"fault\": \"proxy-latency\", \"parameters\": {\"proxy\": \"edge\", \"latencyMs\": 50}, "
        + "\"duration\": \"1s\"}, \"target\": {\"names\": [\"agent-0\", \"agent-3\"]}, "
        + "\"pauses\": {\"after\": 2}}"), withFleet(), e -> {
          if (e.kind() == RunEventKind.PAUSE_ENDED) {
            try {
              afterThePause.addAll(fleet.withToxics());
            } catch (Exception ex) {
              throw new AssertionError(ex);
            }
          }
        });
    assertThat((List<?>) target(r, 0).get("applied")).hasSize(2);
    assertThat(afterThePause).as("toxics left once the 1 s duration passed (run still going)").isEmpty();
    assertThat(events.stream().filter(e -> e.kind() == RunEventKind.FAULT_RECOVERED))
        .extracting(e -> e.attributes().get("reason")).containsExactly("duration ended", "duration ended");
  }

  @Test
  void anAgentThatCannotApplyRevertsWhatTheOthersAlreadyApplied() throws Exception {
    List<String> order = new TargetSelector(Map.of("service", "checkout"), List.of(), null, null,
        TargetSelector.Mode.ALL).choose(AGENTS, 11L, Set.of()).chosenIds();
    fleet.host(order.get(2)).client().deleteProxy(ProxyFleet.PROXY); // its toxic cannot be created
    List<String> afterTheActivity = new ArrayList<>();
    RunResult r = run(experiment(null, latency("all-checkout", "{\"tags\": {\"service\": \"checkout\"}, "
        + "\"mode\": \"all\", \"seed\": 11}", ", \"unsafe\": true")), withFleet(), e -> {
          if (e.kind() == RunEventKind.ACTIVITY_ENDED) {
            try {
              for (String agent : order) {
                if (!agent.equals(order.get(2)) && !fleet.host(agent).toxics(ProxyFleet.PROXY).isEmpty()) {
                  afterTheActivity.add(agent);
                }
              }
            } catch (Exception ex) {
              throw new AssertionError(ex);
            }
          }
        });
    assertThat(fleet.sent).containsExactlyElementsOf(order.subList(0, 3));
    assertThat(afterTheActivity).as("agents still holding a toxic when the activity ended").isEmpty();
    assertThat(error(r, 0)).contains("could not be applied on agent '" + order.get(2) + "'",
        "the 2 already applied were reverted");
    assertThat(target(r, 0)).containsEntry("reverted", true).containsEntry("applied", order.subList(0, 2));
  }

  @Test
  void withoutASeedInTheFileTheRunDrawsOneAndRecordsIt() {
    RunResult r = run(experiment(null, latency("one-host", "{\"tags\": {\"zone\": \"b\"}, \"count\": 1}", "")),
        withFleet(), e -> {});
    Map<String, Object> t = target(r, 0);
    long seed = (Long) t.get("seed");
    assertThat(t).containsEntry("seed_from", "random");
    List<String> again = new TargetSelector(Map.of("zone", "b"), List.of(), 1, null)
        .choose(AGENTS, seed, Set.of("agent-4")).chosenIds();
    assertThat(t.get("chosen")).as("the recorded seed reproduces the choice").isEqualTo(again);
  }

  @Test
  void theSafetyNetsRefuseWithWhichNetHowManyAndWhatToChange() throws Exception {
    RunResult r = run(experiment(null, String.join(",",
        latency("three-of-four", "{\"tags\": {\"service\": \"checkout\"}, \"count\": 3, \"seed\": 1}", ""),
        latency("the-server-host", "{\"names\": [\"agent-4\"]}", ""),
        latency("nobody", "{\"tags\": {\"service\": \"payments\"}, \"count\": 1}", ""),
        latency("search-by-draw", "{\"tags\": {\"service\": \"search\"}, \"count\": 1}", ""))), withFleet(), e -> {});

    assertThat(fleet.sent).as("faults sent to agents").isEmpty();
    assertThat(fleet.withToxics()).isEmpty();
    assertThat(error(r, 0)).contains("blast-radius safety net", "3 of the 4 agents carrying tags {service=checkout}",
        "(75 %)", "more than 66 %", "at most 2 agents", "\"unsafe\": true");
    assertThat(error(r, 1)).contains("server-host safety net", "'agent-4'", "own host", "\"unsafe\": true");
    assertThat(error(r, 2)).contains("empty-selection safety net", "5 connected, 0 carrying tags {service=payments}");
    assertThat(error(r, 3)).contains("empty-selection safety net", "1 left out of the draw as the Faultline server's "
        + "own host");
    assertThat(target(r, 0)).containsKey("refused").containsEntry("chosen", target(r, 0).get("chosen"));
    assertThat((List<?>) target(r, 0).get("chosen")).hasSize(3);
  }

  @Test
  void unsafeLetsTheRefusedSelectionsThrough() throws Exception {
    List<String> duringTheRun = new ArrayList<>();
    RunResult r = run(experiment(null, latency("three-of-four", "{\"tags\": {\"service\": \"checkout\"}, "
        + "\"count\": 3, \"seed\": 1}", ", \"unsafe\": true") + "," + latency("the-server-host",
        "{\"names\": [\"agent-4\"]}", ", \"unsafe\": true")), withFleet(), e -> {
          if (e.kind() == RunEventKind.METHOD_ENDED) {
            try {
              duringTheRun.addAll(fleet.withToxics());
            } catch (Exception ex) {
              throw new AssertionError(ex);
            }
          }
        });
    assertThat(entry(r, 0)).containsEntry("status", "succeeded");
    assertThat(entry(r, 1)).containsEntry("status", "succeeded");
    assertThat(duringTheRun).hasSize(4).contains("agent-4");
    assertThat(fleet.withToxics()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  static String error(RunResult r, int i) {
    assertThat(entry(r, i)).containsEntry("status", "failed");
    return String.valueOf(((List<String>) entry(r, i).get("exception")).get(0));
  }

  @Test
  void aDryRunShowsExactlyWhichAgentsWouldBeHitAndTouchesNone() throws Exception {
    String json = experiment(null, latency("slow-checkout", "{\"tags\": {\"service\": \"checkout\"}, "
        + "\"percent\": 50, \"seed\": 9}", ""));
    RunResult r = run(json, withFleet().withDry(DryMode.ACTIONS), e -> {});
    List<String> expected = new TargetSelector(Map.of("service", "checkout"), List.of(), null, 50)
        .choose(AGENTS, 9L, Set.of("agent-4")).chosenIds();
    assertThat(target(r, 0)).containsEntry("dry", true).containsEntry("chosen", expected);
    assertThat(fleet.sent).isEmpty();
    RunEvent selected = events.stream().filter(e -> e.kind() == RunEventKind.TARGET_SELECTED).findFirst().orElseThrow();
    assertThat(selected.attributes()).containsEntry("dry", true).containsEntry("chosen", expected);

    // The real run with the same seed hits the agents the dry run showed.
    RunResult real = run(json, withFleet(), e -> {});
    assertThat(target(real, 0).get("applied")).isEqualTo(expected);
  }

  @Test
  void aLocalRunRefusesATargetAtItsPositionAndALocalDryRunSaysThereIsNoFleet() {
    String json = experiment(null, latency("slow-checkout", "{\"tags\": {\"service\": \"checkout\"}, \"count\": 1}",
        ""));
    ValidationResult local = validate(json, RunOptions.defaults());
    assertThat(local.valid()).isFalse();
    Problem p = local.errors().get(0);
    assertThat(p.toString()).startsWith("inline.json:1:").contains("method[0].target", "--server URL");
    assertThat(p.location().column()).isPositive();
    assertThat(ENGINE.validate(new DocumentLoaderHolder().parse(json), dev.faultline.engine.validate.Overrides.NONE)
        .valid()).as("the file itself is valid (faultline validate)").isTrue();

    RunResult dry = run(json, RunOptions.defaults().withDry(DryMode.ACTIVITIES), e -> {});
    assertThat(target(dry, 0)).containsEntry("fleet", "none").containsEntry("note", TargetedFaults.NO_FLEET);
    assertThat(events).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo(RunEventKind.TARGET_SELECTED);
      assertThat(e.attributes()).containsEntry("error", TargetedFaults.NO_FLEET);
    });
    assertThat(Fleet.NONE.available()).isFalse();
  }

  /** Parses inline JSON. */
  static final class DocumentLoaderHolder {
    Document parse(String json) {
      try {
        return new DocumentLoader().parse("inline.json", json.getBytes(StandardCharsets.UTF_8),
            DocumentLoader.Syntax.JSON);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }
}

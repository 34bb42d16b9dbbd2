package dev.faultline.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.faultline.cli.ChildFaultline;
import dev.faultline.cli.Main;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet end to end, as an operator uses it: a real {@code faultline server} process and three
 * real {@code faultline agent} processes, each in its own network namespace, tagged
 * {@code zone=a, zone=a, zone=b} (all {@code service=checkout}); experiment FILES with a fault
 * activity that names a {@code target}, submitted through the real API ({@code faultline run FILE
 * --server URL} and {@code POST /api/v1/runs}). Checked on the agents' side (their fault lists and
 * the nftables rule in their namespaces), in the journal and in the server's fault records: the
 * dry run, a one-of-zone-a blackhole, the blast-radius safety net and {@code unsafe}, a rollout
 * stopped by its hypothesis, and a halt during a run.
 */
class FleetTargetsEndToEndTest {
  static final int PORT = 8080; // the server's own namespace: nothing else listens there
  private static final String BLACKHOLE = "{\"type\": \"fault\", \"fault\": \"host-blackhole\", "
      + "\"parameters\": {\"host\": \"10.250.0.1\"}}";

  @Test
  void targetedExperimentFilesRunOnTheChosenAgentsThroughTheRealServer(@TempDir Path dir) throws Exception {
    assumeTrue(FleetNet.supported(), "needs root, ip and nft");
    try (FleetNet net = new FleetNet(3); FleetProcesses fleet = new FleetProcesses(net, dir)) {
      Path tokenFile = Files.writeString(dir.resolve("admin.token"), "flt_test_" + UUID.randomUUID().toString().replace("-", ""));
      String admin = Files.readString(tokenFile).strip();
      Process server = fleet.startInServerNamespace(Main.class.getName(), List.of("server", "--host", "0.0.0.0",
          "--port", Integer.toString(PORT), "--data", dir.resolve("data").toString(), "--admin-token-file",
          tokenFile.toString(), "--agent-heartbeat-ms", "500", "--run-lease", "3s"), dir.resolve("server.log"));
      String api = "http://" + net.serverIpFromRoot + ":" + PORT;
      fleet.await(() -> fleet.connected(api, admin) >= 0, Duration.ofSeconds(60), "server answers");
      String agentToken = (String) fleet.call("POST", api + "/api/v1/tokens", admin,
          "{\"role\":\"agent\",\"name\":\"fleet\"}").get("token");
      List<String> tags = List.of("service=checkout,zone=a", "service=checkout,zone=a", "service=checkout,zone=b");
      for (int i = 0; i < 3; i++) {
        fleet.startAgent(i, PORT, agentToken, tags.get(i));
      }
      fleet.await(() -> fleet.connected(api, admin) == 3, Duration.ofSeconds(40), "three agents connected");
      E2e e = new E2e(fleet, api, admin);

      // 1. The API's dry run names the agents that would be hit, and applies nothing.
      Map<String, Object> zoneA = Map.of("tags", Map.of("zone", "a"), "count", 1, "seed", 7);
      String dry = e.submit(experiment(fault("one-in-zone-a", zoneA, 0), null), "actions");
      e.finished(dry);
      Map<String, Object> dryTarget = e.targetRecord(dry, "one-in-zone-a");
      assertThat(dryTarget).containsEntry("dry", true).containsEntry("seed", 7);
      List<?> wouldHit = (List<?>) dryTarget.get("chosen");
      assertThat(wouldHit).hasSize(1);
      assertThat(wouldHit.get(0).toString()).isIn("agent-1", "agent-2");
      assertThat(e.faultsOnAgents()).as("nothing applied by the dry run").isZero();
      assertThat(net.faultTable(0) || net.faultTable(1) || net.faultTable(2)).isFalse();
      // and shows what a net would refuse: 50 % of the three checkout hosts rounds up to two, 67 % > 66 %
      String half = e.submit(experiment(fault("half-of-checkout", Map.of("tags", Map.of("service", "checkout"),
          "percent", 50), 0), null), "actions");
      e.finished(half);
      assertThat(e.targetRecord(half, "half-of-checkout")).containsEntry("carrying_tags", 3)
          .satisfies(r -> assertThat((List<?>) r.get("chosen")).hasSize(2))
          .satisfies(r -> assertThat(String.valueOf(r.get("would_be_refused"))).contains("blast-radius safety net")
              .contains("at most 1 agents"));

      // 2. The same file for real, through `faultline run FILE --server URL`: the agent the dry run
      // named (same seed, same fleet) holds the blackhole, the others do not.
      Path file = Files.writeString(dir.resolve("one-in-zone-a.json"), experiment(fault("one-in-zone-a", zoneA, 4), null));
      int hit = Integer.parseInt(wouldHit.get(0).toString().substring("agent-".length())) - 1;
      try (ChildFaultline run = ChildFaultline.start(Map.of(), dir, "run", file.toString(), "--server", api,
          "--token-file", tokenFile.toString(), "--journal-path", dir.resolve("journal.json").toString())) {
        fleet.await(() -> net.faultTable(hit), Duration.ofSeconds(30), "the blackhole in " + wouldHit.get(0) + "'s namespace");
        String realRun = e.lastRunId();
        assertThat(e.activeFaults("agent-" + (hit + 1))).singleElement().satisfies(f -> assertThat(f)
            .containsEntry("fault", "host-blackhole").containsEntry("run_id", realRun)
            .containsEntry("activity", "one-in-zone-a"));
        for (int i = 0; i < 3; i++) {
          if (i != hit) {
            assertThat(net.faultTable(i)).as("agent-%d untouched", i + 1).isFalse();
            assertThat(e.activeFaults("agent-" + (i + 1))).isEmpty();
          }
        }
        List<Map<String, Object>> active = e.list("GET", "/api/v1/faults", "faults");
        assertThat(active).as("the server's active faults").hasSize(1);
        assertThat(active.get(0)).containsEntry("state", "applied")
            .containsEntry("fault", "host-blackhole on " + wouldHit.get(0));
        run.waitFor(Duration.ofSeconds(30));
        assertThat(run.exitCode()).as(run.describe()).isZero();
      }
      assertThat(net.faultTable(hit)).as("reverted at run end").isFalse();
      Map<String, Object> journal = FleetProcesses.JSON.readValue(Files.readString(dir.resolve("journal.json")),
          new TypeReference<Map<String, Object>>() {});
      Map<String, Object> chosen = E2e.targetRecord(journal, "one-in-zone-a");
      assertThat(chosen).containsEntry("seed", 7).containsEntry("chosen", wouldHit).containsEntry("applied", wouldHit);
      String realRun = e.lastRunId();
      List<Map<String, Object>> audited = e.list("GET", "/api/v1/audit?kind=fault.apply", "entries").stream()
          .filter(a -> realRun.equals(a.get("target"))).toList();
      assertThat(audited).as("audit of run %s", realRun).singleElement().satisfies(a -> assertThat(a.toString())
          .contains("agent=" + wouldHit.get(0)).contains("activity=one-in-zone-a"));
      assertThat(e.list("GET", "/api/v1/runs/" + realRun, "faults")).singleElement()
          .satisfies(f -> assertThat(f).containsEntry("state", "reverted").containsEntry("activity", "one-in-zone-a")
              .containsEntry("fault", "host-blackhole on " + wouldHit.get(0)));

      // 3. The blast-radius safety net: both zone-a agents (100 % of zone a) is refused at submission,
      // the caller reads why, nothing runs; with "unsafe": true the same selection goes ahead.
      Map<String, Object> allOfA = new LinkedHashMap<>(Map.of("tags", Map.of("zone", "a"), "mode", "all"));
      int runsBefore = e.list("GET", "/api/v1/runs", "runs").size();
      HttpResponse<String> refused = fleet.send("POST", api + "/api/v1/runs", admin,
          "{\"document\": " + experiment(fault("all-of-zone-a", allOfA, 0), null) + "}");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
      assertThat(refused.body()).contains("target_refused").contains("method[0].target")
          .contains("blast-radius safety net").contains("2 of the 2 agents carrying tags {zone=a}")
          .contains("unsafe");
      assertThat(e.list("GET", "/api/v1/runs", "runs")).hasSize(runsBefore);
      assertThat(e.faultsOnAgents()).isZero();
      // through the CLI too: its error names the net
      Path refusedFile = Files.writeString(dir.resolve("all-of-zone-a.json"), experiment(fault("all-of-zone-a", allOfA, 0), null));
      try (ChildFaultline run = ChildFaultline.start(Map.of(), dir, "run", refusedFile.toString(), "--server", api,
          "--token-file", tokenFile.toString()).waitFor(Duration.ofSeconds(30))) {
        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertThat(run.describe()).contains("blast-radius safety net").contains("refused by the server's target safety nets");
      }
      Map<String, Object> unsafe = fault("all-of-zone-a", allOfA, 2);
      unsafe.put("unsafe", true);
      String forced = e.submit(experiment(unsafe, null), null);
      fleet.await(() -> net.faultTable(0) && net.faultTable(1), Duration.ofSeconds(20), "unsafe: both zone-a agents hit");
      assertThat(net.faultTable(2)).isFalse();
      e.finished(forced);
      assertThat(net.faultTable(0) || net.faultTable(1)).isFalse();

      // 4. A rollout over the whole service grows while the hypothesis ("fewer than two hosts
      // blackholed", read in the namespaces) holds: step 1 holds, step 2 violates, step 3 never comes.
      Map<String, Object> rollout = fault("grow-over-checkout", Map.of("tags", Map.of("service", "checkout"), "mode", "all"), 0);
      rollout.put("unsafe", true);
      rollout.put("rollout", List.of(1, 2, "100%"));
      String grown = e.submit(experiment(rollout, hypothesis(net)), null);
      Map<String, Object> grownRun = e.finished(grown);
      assertThat(grownRun.get("deviated")).as("%s: %s", grownRun, e.journal(grown)).isEqualTo(true);
      Map<String, Object> steps = e.targetRecord(grown, "grow-over-checkout");
      List<Map<String, Object>> rolled = E2e.maps(steps.get("rollout"));
      assertThat(rolled).extracting(s -> s.get("verdict")).containsExactly("held", "violated");
      assertThat(rolled).extracting(s -> s.get("size")).containsExactly(1, 2);
      assertThat(steps).containsEntry("stopped_at_step", 2).containsEntry("reverted", true);
      assertThat(net.faultTable(0) || net.faultTable(1) || net.faultTable(2)).as("all reverted").isFalse();
      assertThat(e.list("GET", "/api/v1/runs/" + grown, "faults")).hasSize(2)
          .allSatisfy(f -> assertThat(f.get("state")).isEqualTo("reverted"));

      // 5. A halt during a run reverts on the agent at once (well before the run's pause ends).
      String halted = e.submit(experiment(fault("halted-one", Map.of("names", List.of("agent-3")), 30), null), null);
      fleet.await(() -> net.faultTable(2), Duration.ofSeconds(20), "agent-3 blackholed");
      fleet.call("POST", api + "/api/v1/halt", admin, "{\"reason\": \"e2e halt\"}");
      fleet.await(() -> !net.faultTable(2) && e.faultsOnAgents() == 0, Duration.ofSeconds(10), "halt reverted on agent-3");
      Map<String, Object> haltedRun = e.finished(halted);
      assertThat(haltedRun.get("status")).isNotEqualTo("running");
      assertThat(e.list("GET", "/api/v1/faults", "faults")).as("nothing recorded as in effect").isEmpty();
      fleet.call("DELETE", api + "/api/v1/halt", admin, null);
      assertThat(server.isAlive()).isTrue();
    }
  }

  /** A fault action with a target; {@code pauseS} > 0 keeps the run (and its fault) alive that long after it. */
  private static Map<String, Object> fault(String name, Map<String, Object> target, int pauseS) throws Exception {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("type", "action");
    a.put("name", name);
    a.put("provider", FleetProcesses.JSON.readValue(BLACKHOLE, new TypeReference<Map<String, Object>>() {}));
    a.put("target", target);
    if (pauseS > 0) {
      a.put("pauses", Map.of("after", pauseS));
    }
    return a;
  }

  /** Holds while fewer than two of the agents' namespaces have a blackhole rule (as {@link FleetNet#faultTable}). */
  private static Map<String, Object> hypothesis(FleetNet net) {
    String script = "n=0; for ns in " + String.join(" ", net.agents) + "; do "
        + "ip netns exec $ns nft list table inet faultline 2>/dev/null | grep -q drop && n=$((n+1)); done; test $n -lt 2";
    return Map.of("title", "fewer than two checkout hosts blackholed", "probes", List.of(Map.of("type", "probe",
        "name", "blackholed-hosts", "tolerance", 0,
        "provider", Map.of("type", "process", "path", "sh", "arguments", List.of("-c", script)))));
  }

  private static String experiment(Map<String, Object> activity, Map<String, Object> hypothesis) throws Exception {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("title", "fleet end to end: " + activity.get("name"));
    x.put("description", "a targeted fault on the agents of a real server");
    if (hypothesis != null) {
      x.put("steady-state-hypothesis", hypothesis);
    }
    x.put("method", List.of(activity));
    return FleetProcesses.JSON.writeValueAsString(x);
  }

  /** The API as the test reads it. */
  private record E2e(FleetProcesses fleet, String api, String token) {
    String submit(String document, String dry) throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("document", FleetProcesses.JSON.readValue(document, new TypeReference<Map<String, Object>>() {}));
      if (dry != null) {
        body.put("dry", dry);
      }
      return (String) fleet.call("POST", api + "/api/v1/runs", token, FleetProcesses.JSON.writeValueAsString(body)).get("id");
    }

    Map<String, Object> finished(String id) throws Exception {
      Map<String, Object>[] last = new Map[1];
      fleet.await(() -> {
        try {
          last[0] = fleet.call("GET", api + "/api/v1/runs/" + id, token, null);
          return !List.of("queued", "running").contains(String.valueOf(last[0].get("status")));
        } catch (Exception | AssertionError ex) {
          return false;
        }
      }, Duration.ofSeconds(40), "run " + id + " ended");
      return last[0];
    }

    String lastRunId() throws Exception {
      return String.valueOf(list("GET", "/api/v1/runs", "runs").get(0).get("id"));
    }

    Map<String, Object> journal(String id) throws Exception {
      return fleet.call("GET", api + "/api/v1/runs/" + id + "/journal", token, null);
    }

    Map<String, Object> targetRecord(String id, String activity) throws Exception {
      return targetRecord(journal(id), activity);
    }

    static Map<String, Object> targetRecord(Map<String, Object> journal, String activity) {
      return castMap(entry(journal, activity).get("faultline_target"));
    }

    static Map<String, Object> entry(Map<String, Object> journal, String activity) {
      for (Map<String, Object> r : maps(journal.get("run"))) {
        if (activity.equals(castMap(r.get("activity")).get("name"))) {
          return r;
        }
      }
      throw new AssertionError("no run entry of '" + activity + "' in the journal " + journal.keySet() + ": "
          + journal.get("run"));
    }

    List<Map<String, Object>> activeFaults(String agent) throws Exception {
      return maps(fleet.call("GET", api + "/api/v1/agents/" + agent, token, null).get("active_faults"));
    }

    int faultsOnAgents() {
      try {
        return ((Number) fleet.call("GET", api + "/api/v1/agents", token, null).get("active_faults")).intValue();
      } catch (Exception | AssertionError ex) {
        return -1;
      }
    }

    List<Map<String, Object>> list(String method, String path, String key) throws Exception {
      return maps(fleet.call(method, api + path, token, null).get(key));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Object o) {
      return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object o) {
      if (o instanceof Map<?, ?> m) {
        return List.of((Map<String, Object>) m);
      }
      List<Map<String, Object>> out = new ArrayList<>();
      if (o instanceof List<?> l) {
        for (Object x : l) {
          out.add(castMap(x));
        }
      }
      return out;
    }
  }
}

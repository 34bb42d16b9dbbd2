package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.demo.DemoSystem;
import dev.faultline.proxy.ProxyServer;
import dev.faultline.proxy.ProxyServerOptions;
import dev.faultline.server.TestServer.Response;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole detection path with real parts: the demo storefront (its store behind a real fault
 * proxy) scraped every second by a real Prometheus whose rule fires after {@code for: 2s};
 * Alertmanager posts to the server's webhook; the run injects real proxy latency. The run's
 * time to detect must be at least the rule's {@code for:} and at most it plus the scrape and
 * evaluation intervals and the storefront's reaction (with slack for a loaded machine), and the
 * alert must be all clear after the revert.
 */
class AlertingPipelineTest {
  static final long FOR_MS = 2000;

  @Test
  void aRealAlertGivesTheRunItsTimeToDetectAndAnAllClearAfterTheRevert(@TempDir Path dir) throws Exception {
    AlertingStack.assumeInstalled();
    int storePort = AlertingStack.freePort();
    int proxyListenPort = AlertingStack.freePort();
    Path proxyConfig = dir.resolve("proxies.json");
    Files.writeString(proxyConfig, "[{\"name\": \"store\", \"listen\": \"127.0.0.1:" + proxyListenPort
        + "\", \"upstream\": \"127.0.0.1:" + storePort + "\", \"enabled\": true}]");
    try (TestServer t = TestServer.start(dir, c -> c, Map.of("FAULTLINE_RESPONSE_HORIZON_SECONDS", "60"));
        ProxyServer proxy = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withConfigFile(proxyConfig)
            .withAuditSink(line -> { }));
        DemoSystem demo = DemoSystem.start(new DemoSystem.Options(40, storePort, 0,
            Optional.of(new InetSocketAddress("127.0.0.1", proxyListenPort))))) {
      String operator = t.token("operator");
      String storefront = demo.storefrontUri().getHost() + ":" + demo.storefrontUri().getPort();
      // The p99 over the storefront's 5 s window rises with the first slow order.
      String rule = """
                - alert: StorefrontSlow
                  expr: faultline_demo_order_latency_seconds{quantile="0.99"} > 0.2
                  for: 2s
                  labels: {service: storefront, severity: page}
          """;
      try (AlertingStack stack = AlertingStack.start(dir, storefront, rule,
          t.server.baseUri() + "/api/v1/webhooks/alertmanager", operator)) {
        awaitScraped(stack);
        String experiment = """
            {"title": "storefront latency is detected", "description": "real detection path",
             "tags": ["service:storefront", "team:shop"],
             "expect": {"alerts": [{"name": "StorefrontSlow", "within": "30s"}]},
             "steady-state-hypothesis": {"title": "the storefront answers",
               "probes": [{"type": "probe", "name": "storefront-health", "tolerance": 200,
                           "provider": {"type": "http", "url": "%s/health", "timeout": 5}}]},
             "method": [
               {"type": "action", "name": "slow-store", "provider": {"type": "fault", "fault": "proxy-latency",
                "parameters": {"proxy": "store", "latencyMs": 400, "apiUrl": "http://127.0.0.1:%d"}, "duration": "6s"}},
               {"type": "action", "name": "wait-out-the-fault", "provider": {"type": "process", "path": "sleep",
                "arguments": ["6.5"]}}]}
            """.formatted(demo.storefrontUri(), proxy.apiPort());
        String runId = ResponseTest.submit(t, operator, experiment);
        Map<String, Object> run = t.awaitEnd(runId, operator, Duration.ofSeconds(60));
        assertThat(run.get("status")).as(run.toString()).isEqualTo("completed");

        Map<String, Object> response = awaitAllClear(t, runId, operator);
        Map<String, Map<String, Object>> ms = ResponseTest.milestones(response);
        Map<String, Object> d = ResponseTest.durations(response);
        System.out.println("AlertingPipelineTest: for: " + FOR_MS + " ms, scrape/eval 1 s; time to detect "
            + d.get("time_to_detect_ms") + " ms, time to all-clear " + d.get("time_to_all_clear_ms")
            + " ms after the revert, time to recover " + d.get("time_to_recover_ms") + " ms");
        assertThat(ms.get("fault_injected").get("detail").toString()).contains("proxy-latency");
        assertThat(ms.get("alert_firing")).as(response.toString()).containsEntry("missing", false);
        long ttd = ((Number) d.get("time_to_detect_ms")).longValue();
        // Lower bound: the rule cannot fire before 'for:' has passed. Upper: 'for:' plus a scrape and an
        // evaluation interval and the first slow order (0.4 s), with generous slack for a loaded machine.
        assertThat(ttd).isBetween(FOR_MS, FOR_MS + 2000 + 400 + 6000);
        assertThat(ms.get("all_clear").get("missing")).as(response.toString()).isEqualTo(false);
        assertThat(Instant.parse((String) ms.get("all_clear").get("at")))
            .isAfter(Instant.parse((String) ms.get("fault_reverted").get("at")));
        assertThat(response).containsEntry("detected", true).containsEntry("monitoring_gap", false);
        assertThat(ResponseTest.outcomes(response)).containsExactly("met");
        Response pm = t.get("/api/v1/runs/" + runId + "/postmortem", operator);
        assertThat(pm.body()).contains("StorefrontSlow");
      }
    }
  }

  /** Waits until Prometheus has the storefront's latency, so the fault is not confounded with start-up. */
  private static void awaitScraped(AlertingStack stack) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (stack.query("faultline_demo_order_latency_seconds{quantile=\"0.99\"} < 0.2").contains("\"value\"")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Prometheus did not scrape the storefront: " + stack.query("up"));
  }

  private static Map<String, Object> awaitAllClear(TestServer t, String runId, String token) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, Object> r;
    do {
      r = t.get("/api/v1/runs/" + runId + "/response", token).json();
      if (Boolean.FALSE.equals(ResponseTest.milestones(r).get("all_clear").get("missing"))) {
        return r;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    return r;
  }
}

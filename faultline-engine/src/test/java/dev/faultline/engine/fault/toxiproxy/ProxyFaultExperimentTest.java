package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.faultline.core.RunStatus;
import dev.faultline.core.event.RunEvent;
import dev.faultline.core.event.RunEventKind;
import dev.faultline.engine.run.RunControl;
import dev.faultline.engine.run.RunResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An experiment file's {@code proxy-latency} fault against a real proxy, in front of a real HTTP server. */
class ProxyFaultExperimentTest {
  static ToxiproxyFixture proxy;
  static HttpServer service;
  int proxyPort;
  final List<RunEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    proxy = ToxiproxyFixture.start();
    service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    service.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    service.start();
  }

  @AfterAll
  static void stop() throws Exception {
    service.stop(0);
    proxy.close();
  }

  @BeforeEach
  void serviceBehindProxy() throws Exception {
    proxy.freshEchoProxy("unused");
    proxyPort = proxy.client()
        .createProxy("p", "127.0.0.1:0", "127.0.0.1:" + service.getAddress().getPort(), true).listenPort();
  }

  private String experiment(String duration, String afterFault) {
    return """
        title: latency on the service's proxy
        description: d
        configuration:
          toxiproxy_url: "%s"
          service_url: "http://127.0.0.1:%d/"
        method:
          - {type: action, name: slow-down, provider: {type: fault, fault: proxy-latency, parameters: {proxy: p, latencyMs: 200, apiUrl: "${toxiproxy_url}"}%s}}
          - {type: probe, name: through-proxy, provider: {type: http, url: "${service_url}", timeout: 10}}
        %s
        """.formatted(proxy.apiUrl(), proxyPort, duration, afterFault);
  }

  @Test
  void aProbeDuringTheFaultSeesTheLatencyAndTheToxicIsGoneAtTheEndOfItsDuration() throws Exception {
    String afterFault = """
          - {type: action, name: wait-out-the-fault, provider: {type: process, path: sleep, arguments: ["1.5"]}}
          - {type: probe, name: toxics-after, provider: {type: python, module: chaostoxi.proxy.probes, func: get_proxy_attribute, arguments: {proxy_name: p, attribute: toxics}}}
        """;
    String yaml = experiment(", duration: 1s", afterFault)
        .replace("configuration:\n", "configuration:\n  toxiproxy_host: 127.0.0.1\n  toxiproxy_port: " + proxy.apiPort() + "\n");
    RunResult result = InlineExperiment.run(yaml, new RunControl(), events::add);

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    List<Map<String, Object>> run = InlineExperiment.runEntries(result);
    assertThat(run.get(0)).containsEntry("status", "succeeded");
    assertThat(((Map<?, ?>) run.get(1).get("output")).get("status")).isEqualTo(200);
    assertThat((Double) run.get(1).get("duration")).as("probe through the proxy, seconds").isGreaterThanOrEqualTo(0.2);
    assertThat(run.get(3).get("output")).as("toxics once the 1 s duration is over").isEqualTo(List.of());
    assertThat(events).filteredOn(e -> e.kind() == RunEventKind.FAULT_APPLIED)
        .singleElement().satisfies(e -> {
          assertThat(e.attributes()).containsEntry("lease_ms", 15000L).containsEntry("duration_ms", 1000L);
          assertThat(String.valueOf(e.attributes().get("fault"))).startsWith("added latency toxic 'faultline-latency-");
        });
    assertThat(events).filteredOn(e -> e.kind() == RunEventKind.FAULT_RECOVERED)
        .singleElement().satisfies(e -> {
          assertThat(e.attributes().get("reason")).isEqualTo("duration ended");
          assertThat(String.valueOf(e.attributes().get("fault"))).as("the recovery line says what was removed")
              .startsWith("removed latency toxic 'faultline-latency-").contains(" from proxy 'p' at ");
          assertThat(String.valueOf(e.attributes().get("applied"))).as("the apply's own words, to pair the two")
              .startsWith("added latency toxic 'faultline-latency-");
        });
    assertThat(proxy.toxics("p")).isEmpty();
  }

  @Test
  void anInterruptedRunRemovesTheToxic() throws Exception {
    String afterFault = """
          - {type: action, name: long-wait, provider: {type: process, path: sleep, arguments: ["60"]}}
        """;
    RunControl control = new RunControl();
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<List<ToxiproxyToxic>> toxicsDuringRun = CompletableFuture.supplyAsync(() -> {
      try {
        assertThat(waiting.await(30, TimeUnit.SECONDS)).as("the long wait started").isTrue();
        List<ToxiproxyToxic> toxics = proxy.toxics("p");
        control.interrupt("test signal");
        return toxics;
      } catch (Exception e) {
        control.interrupt("test failed: " + e);
        throw new IllegalStateException(e);
      }
    });
    RunResult result = InlineExperiment.run(experiment(", duration: 60s", afterFault), control, event -> {
      events.add(event);
      if (event.kind() == RunEventKind.ACTIVITY_STARTED && event.subject().equals("long-wait")) {
        waiting.countDown();
      }
    });

    assertThat(toxicsDuringRun.get(30, TimeUnit.SECONDS)).singleElement()
        .satisfies(t -> assertThat(t.attributes()).containsEntry("latency", 200));
    assertThat(result.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(proxy.toxics("p")).as("toxics after the interrupted run").isEmpty();
    assertThat(events).filteredOn(e -> e.kind() == RunEventKind.FAULT_RECOVERED)
        .singleElement().satisfies(e -> {
          assertThat(e.attributes().get("reason")).isEqualTo("run ended");
          assertThat(e.attributes().get("error")).as("recovery error").isNull();
        });
  }
}

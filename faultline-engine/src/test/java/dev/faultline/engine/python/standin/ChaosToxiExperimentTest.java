package dev.faultline.engine.python.standin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.RunStatus;
import dev.faultline.engine.fault.toxiproxy.InlineExperiment;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyFixture;
import dev.faultline.engine.run.RunControl;
import dev.faultline.engine.run.RunResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Chaos Toolkit experiment that uses chaostoxi, run unchanged by the engine against a real proxy. */
class ChaosToxiExperimentTest {
  static ToxiproxyFixture proxy;

  @BeforeAll
  static void start() throws Exception {
    proxy = ToxiproxyFixture.start();
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  @Test
  void createsAProxyAddsLatencyChecksItAndDeletesIt() throws Exception {
    proxy.freshEchoProxy("unrelated");
    String[] echo = proxy.echoAddress().split(":");
    String yaml = """
        title: chaostoxi through Faultline
        description: the extension's calls, unchanged
        configuration:
          toxiproxy_host: 127.0.0.1
          toxiproxy_port: %d
        method:
          - {type: action, name: create-proxy, provider: {type: python, module: chaostoxi.proxy.actions, func: create_proxy, arguments: {proxy_name: svc, upstream_host: "%s", upstream_port: %s, listen_host: 127.0.0.1}}}
          - {type: action, name: add-latency, provider: {type: python, module: chaostoxi.toxic.actions, func: create_latency_toxic, arguments: {for_proxy: svc, toxic_name: slow, latency: 200, jitter: 5}}}
          - {type: probe, name: exists, provider: {type: python, module: chaostoxi.proxy.probes, func: proxy_exist, arguments: {proxy_name: svc}}}
          - {type: probe, name: toxics, provider: {type: python, module: chaostoxi.proxy.probes, func: get_proxy_attribute, arguments: {proxy_name: svc, attribute: toxics}}}
          - {type: action, name: delete-proxy, provider: {type: python, module: chaostoxi.proxy.actions, func: delete_proxy, arguments: {proxy_name: svc}}}
          - {type: probe, name: gone, provider: {type: python, module: chaostoxi.proxy.probes, func: proxy_exist, arguments: {proxy_name: svc}}}
        """.formatted(proxy.apiPort(), echo[0], echo[1]);
    RunResult result = InlineExperiment.run(yaml, new RunControl(), event -> {});

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    List<Map<String, Object>> run = InlineExperiment.runEntries(result);
    assertThat(run).extracting(e -> e.get("status")).containsOnly("succeeded");
    assertThat(run).extracting(e -> e.get("output")).containsExactly(true, true, true,
        List.of(Map.of("attributes", Map.of("latency", 200, "jitter", 5), "name", "slow", "type", "latency",
            "stream", "downstream", "toxicity", 1)),
        null, false);
    assertThat(proxy.client().findProxy("svc")).isEmpty();
  }
}

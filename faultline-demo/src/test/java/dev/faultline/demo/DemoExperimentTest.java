package dev.faultline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoExperimentTest {

  /** Chaos Toolkit's top-level experiment keys. */
  private static final Set<String> CTK_TOP_LEVEL_KEYS = Set.of("title", "description", "tags",
      "contributions", "configuration", "secrets", "extensions", "controls", "runtime",
      "steady-state-hypothesis", "method", "rollbacks");

  private final Map<String, Object> experiment = Json.object(DemoExperiment.json());

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  private List<Object> hypothesisProbes() {
    return list(map(experiment.get("steady-state-hypothesis")).get("probes"));
  }

  @Test
  void isAChaosToolkitExperimentWithOnlyItsKeys() {
    assertThat(CTK_TOP_LEVEL_KEYS).containsAll(experiment.keySet());
    assertThat(experiment).containsKeys("title", "description", "tags", "contributions",
        "configuration", "steady-state-hypothesis", "method", "rollbacks");
    assertThat((String) experiment.get("description"))
        .contains("the order rate stays at or above 15 per second");
    assertThat(map(experiment.get("configuration")))
        .containsOnlyKeys(DemoExperiment.STOREFRONT_URL_KEY, "toxiproxy_url", "store_proxy");
    assertThat(DemoExperiment.json()).doesNotContain("faultline-demo-note");
  }

  @Test
  void theHypothesisChecksTheOrderRateAndHealth() {
    Map<String, Object> rate = map(hypothesisProbes().get(0));
    Map<String, Object> health = map(hypothesisProbes().get(1));

    assertThat(hypothesisProbes()).hasSize(2);
    assertThat(rate.get("tolerance")).isEqualTo(Map.of("type", "range",
        "range", List.of(new BigDecimal(15), new BigDecimal(1000)), "target", "body"));
    assertThat(map(rate.get("provider")))
        .containsEntry("type", "http")
        .containsEntry("url", "${storefront_url}/metrics/orders-per-second");
    assertThat(health.get("tolerance")).isEqualTo(new BigDecimal(200));
    assertThat(map(health.get("provider"))).containsEntry("url", "${storefront_url}/health");
  }

  @Test
  void theMethodSlowsTheStoreThroughTheProxyAndWatchesOrderLatency() {
    List<Object> method = list(experiment.get("method"));
    Map<String, Object> fault = map(map(method.get(1)).get("provider"));

    assertThat(method).hasSize(4);
    assertThat(fault).containsEntry("type", "fault").containsEntry("fault", "proxy-latency")
        .containsEntry("duration", "4s");
    assertThat(map(fault.get("parameters"))).containsEntry("latencyMs", new BigDecimal(150));
    for (int i : new int[] {0, 2, 3}) {
      assertThat(map(map(method.get(i)).get("provider")))
          .containsEntry("url", "${storefront_url}/metrics/order-latency-p50-ms");
    }
    assertThat(list(experiment.get("rollbacks"))).isEmpty();
    assertThat(map(map(experiment.get("runtime")).get("hypothesis"))).containsEntry("strategy", "continuously");
  }

  @Test
  void theWholeRunStaysUnderFifteenSeconds() {
    BigDecimal pauses = BigDecimal.ZERO;
    BigDecimal timeouts = BigDecimal.ZERO;
    for (Object activity : concat(hypothesisProbes(), hypothesisProbes(), list(experiment.get("method")))) {
      Map<String, Object> pause = map(map(activity).getOrDefault("pauses", Map.of()));
      for (Object seconds : pause.values()) {
        pauses = pauses.add((BigDecimal) seconds);
      }
    }
    for (Object activity : concat(hypothesisProbes(), hypothesisProbes(), list(experiment.get("method")))) {
      Object timeout = map(map(activity).get("provider")).get("timeout");
      timeouts = timeout == null ? timeouts : timeouts.max((BigDecimal) timeout);
    }

    assertThat(pauses).isEqualByComparingTo("10");
    assertThat(timeouts).isEqualByComparingTo("3");
  }

  @Test
  void configurationPointsAtTheRunningDemo() throws Exception {
    try (DemoSystem demo = DemoSystem.start(DemoSystem.Options.defaults())) {
      assertThat(DemoExperiment.configurationFor(demo))
          .isEqualTo(Map.of("storefront_url", "http://127.0.0.1:" + demo.storefrontUri().getPort()));
    }
  }

  @Test
  void theSteadyStateHoldsAgainstTheRunningDemo() throws Exception {
    try (DemoSystem demo = DemoSystem.start(DemoSystem.Options.defaults())) {
      String storefrontUrl = DemoExperiment.configurationFor(demo).get("storefront_url");

      HttpResponse<String> rate = Http.get(url(hypothesisProbes().get(0), storefrontUrl));
      HttpResponse<String> health = Http.get(url(hypothesisProbes().get(1), storefrontUrl));
      HttpResponse<String> latency = Http.get(url(list(experiment.get("method")).get(0), storefrontUrl));

      // What the engine will do: range on the text body, 200 on the status.
      assertThat(new BigDecimal(rate.body())).isBetween(new BigDecimal(15), new BigDecimal(1000));
      assertThat(health.statusCode()).isEqualTo(200);
      // A plain number, so the report can chart it.
      assertThat(new BigDecimal(latency.body())).isPositive();
    }
  }

  private static URI url(Object activity, String storefrontUrl) {
    String template = (String) map(map(activity).get("provider")).get("url");
    return URI.create(template.replace("${storefront_url}", storefrontUrl));
  }

  private static List<Object> concat(List<Object> a, List<Object> b, List<Object> c) {
    List<Object> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);
    return all;
  }
}

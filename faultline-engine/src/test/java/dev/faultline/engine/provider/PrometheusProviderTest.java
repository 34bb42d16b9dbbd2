package dev.faultline.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.faultline.core.experiment.ProviderSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the prometheus provider checks without a server; {@link PrometheusIntegrationTest} runs it. */
class PrometheusProviderTest {
  private final PrometheusProvider provider = new PrometheusProvider();

  @Test
  void validationReportsIncompleteRangesAndUnreadableTimes() {
    CollectingValidation validation = new CollectingValidation();
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("query", "up");
    props.put("start", "the dawn of time");
    props.put("time", "now");
    props.put("step", true);

    provider.validate(new ProviderSpec("prometheus", props), validation);

    assertThat(validation.errors()).extracting(CollectingValidation.Problem::path, CollectingValidation.Problem::message)
        .containsExactly(
            tuple("end", "end is missing; a range query needs both start and end (" + PrometheusTime.EXPECTED + ")"),
            tuple("time", "time is for instant queries, but start and end make this a range query; give either time"
                + " or start and end"),
            tuple("start", "start 'the dawn of time' is not a time; " + PrometheusTime.EXPECTED),
            tuple("step", "step must be a positive number of seconds or a Prometheus duration such as \"15s\","
                + " found the boolean true"));
  }

  @Test
  void validationAcceptsTheUsualForms() {
    CollectingValidation validation = new CollectingValidation();

    provider.validate(new ProviderSpec("prometheus", Map.of("query", "up", "start", "5 minutes ago", "end", "now",
        "step", "15s", "timeout", "${t}", "url", "http://prometheus:9090")), validation);
    provider.validate(new ProviderSpec("prometheus", Map.of("query", "up", "time", 1714564800)), validation);

    assertThat(validation.all()).isEmpty();
  }

  @Test
  void anUnreachablePrometheusFailsTheActivity() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String base = "http://127.0.0.1:" + port + "/";

    assertThatThrownBy(() -> provider.run(Map.of("url", base, "query", "up"), SimpleRunContext.empty()))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("failed to connect to Prometheus at http://127.0.0.1:" + port + "/api/v1/query: Connection refused");
  }
}

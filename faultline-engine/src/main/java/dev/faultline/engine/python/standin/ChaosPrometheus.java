package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.PrometheusClient;
import dev.faultline.engine.provider.PrometheusTime;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonText;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What chaosprometheus's {@code query} and {@code query_interval} share: the base URL from the
 * configuration's {@code prometheus_base_url}, time parsing, and the failure on any HTTP status
 * other than 200 ({@code Prometheus query {params} failed: <body>}). Like chaosprometheus, the
 * request itself has no time limit; {@code timeout} is only passed on to Prometheus.
 */
final class ChaosPrometheus {
  private ChaosPrometheus() {}

  /** The RFC 3339 text of {@code value}, or chaosprometheus's "failed to parse" failure. */
  static String time(Object value, Instant now) throws ActivityFailedException {
    return PrometheusTime.parse(value, now)
        .orElseThrow(() -> new ActivityFailedException("failed to parse '" + PythonText.str(value) + "'; "
            + PrometheusTime.EXPECTED))
        .toString();
  }

  /** Python truthiness of an argument: None, False, 0, "" and empty collections are false. */
  static boolean truthy(Object value) {
    if (value == null || Boolean.FALSE.equals(value) || "".equals(value)) {
      return false;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (value instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return !(value instanceof List<?> l) || !l.isEmpty();
  }

  /**
   * Sends the query and returns Prometheus's JSON answer.
   *
   * @param params the query parameters with their Python values, in chaosprometheus's order
   * @param label {@code "query"} or {@code "query range"}, as chaosprometheus words its failure
   */
  static Object send(boolean range, Map<String, Object> params, Object verifyTls, RunContext context, String label)
      throws ActivityFailedException, InterruptedException {
    PrometheusClient client = new PrometheusClient(PrometheusClient.baseUrl(context.configuration()), truthy(verifyTls));
    Map<String, String> text = new LinkedHashMap<>();
    params.forEach((k, v) -> text.put(k, PythonText.str(v)));
    PrometheusClient.Answer answer = range
        ? client.queryRange(text, Optional.empty())
        : client.query(text, Optional.empty());
    if (answer.status() != 200) {
      throw new ActivityFailedException("Prometheus " + label + " " + PythonText.repr(params) + " failed: "
          + answer.body());
    }
    return answer.json();
  }
}

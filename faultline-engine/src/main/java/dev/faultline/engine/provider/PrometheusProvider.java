package dev.faultline.engine.provider;

import dev.faultline.core.experiment.ProviderSpec;
import dev.faultline.engine.python.PythonText;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code prometheus} provider (Faultline's own probe): one PromQL query, without Python.
 *
 * <ul>
 *   <li>{@code query} (required).
 *   <li>{@code url}: Prometheus's base URL; default the configuration's
 *       {@code prometheus_base_url}, else {@code http://localhost:9090}.
 *   <li>An instant query by default, at {@code time} if given (else now); a range query when
 *       {@code start} and {@code end} are given, every {@code step} (seconds or a Prometheus
 *       duration such as {@code "15s"}, default 1). Times are read by {@link PrometheusTime}:
 *       RFC 3339, unix seconds, {@code "now"}, {@code "5 minutes ago"}.
 *   <li>{@code timeout}: seconds Prometheus may spend on the query (sent as its {@code timeout}
 *       parameter); the answer is awaited one second longer.
 *   <li>{@code verify_tls} (default true).
 * </ul>
 *
 * <p>The output is Prometheus's JSON answer as a map ({@code {"status": "success", "data":
 * {"resultType": …, "result": […]}}}), so jsonpath tolerances such as
 * {@code $.data.result[0].value[1]} work as on chaosprometheus's output. An HTTP status other
 * than 200 or a status other than {@code success} fails the activity with Prometheus's error.
 */
public final class PrometheusProvider implements ActivityProvider {
  private static final Set<String> KEYS = Set.of("url", "query", "time", "start", "end", "step", "timeout", "verify_tls");
  private static final Duration ANSWER_GRACE = Duration.ofSeconds(1);

  @Override
  public String type() {
    return "prometheus";
  }

  @Override
  public void validate(ProviderSpec spec, ProviderValidation validation) {
    PropertyChecks checks = new PropertyChecks(spec, validation);
    checks.unknownKeys(KEYS);
    checks.requiredString("query", "a PromQL query, e.g. \"sum(rate(http_requests_total[1m]))\"");
    checks.optionalString("url");
    boolean range = spec.get("start") != null || spec.get("end") != null;
    if (range) {
      for (String key : new String[] {"start", "end"}) {
        if (spec.get(key) == null) {
          validation.error(key, key + " is missing; a range query needs both start and end (" + PrometheusTime.EXPECTED + ")");
        }
      }
      if (spec.get("time") != null) {
        validation.error("time", "time is for instant queries, but start and end make this a range query; give"
            + " either time or start and end");
      }
    } else if (spec.get("step") != null) {
      validation.warning("step", "step is only used by range queries (with start and end), so it is ignored");
    }
    for (String key : new String[] {"time", "start", "end"}) {
      checkTime(key, spec.get(key), validation);
    }
    Object step = spec.get("step");
    if (step != null && !(step instanceof String) && !(step instanceof Number n && n.doubleValue() > 0)) {
      validation.error("step", "step must be a positive number of seconds or a Prometheus duration such as \"15s\","
          + " found " + PropertyChecks.describe(step));
    }
    checks.seconds("timeout");
    checks.bool("verify_tls");
  }

  private static void checkTime(String key, Object value, ProviderValidation validation) {
    if (value == null || PropertyChecks.isReference(value)) {
      return;
    }
    if (PrometheusTime.parse(value, Instant.now()).isEmpty()) {
      validation.error(key, key + " " + PythonText.repr(value) + " is not a time; " + PrometheusTime.EXPECTED);
    }
  }

  @Override
  public Object run(Map<String, Object> properties, RunContext context)
      throws ActivityFailedException, InterruptedException {
    ProviderProperties props = new ProviderProperties(type(), properties);
    String query = props.requiredString("query");
    String url = props.optionalString("url").orElseGet(() -> PrometheusClient.baseUrl(context.configuration()));
    Optional<Duration> timeout = props.seconds("timeout");
    PrometheusClient client = new PrometheusClient(url, props.bool("verify_tls", true));
    Instant now = Instant.now();

    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", query);
    timeout.ifPresent(t -> params.put("timeout", String.valueOf(t.toMillis() / 1000.0)));
    Optional<Duration> wait = timeout.map(t -> t.plus(ANSWER_GRACE));
    PrometheusClient.Answer answer;
    if (props.raw("start") != null || props.raw("end") != null) {
      params.put("start", time(props, "start", now));
      params.put("end", time(props, "end", now));
      params.put("step", step(props.raw("step")));
      answer = client.queryRange(params, wait);
    } else {
      if (props.raw("time") != null) {
        params.put("time", time(props, "time", now));
      }
      answer = client.query(params, wait);
    }
    return checked(answer, query);
  }

  private static String time(ProviderProperties props, String key, Instant now) throws ActivityFailedException {
    Object value = props.raw(key);
    if (value == null) {
      throw new ActivityFailedException("prometheus provider: " + key + " is missing; a range query needs both start"
          + " and end");
    }
    return PrometheusTime.parse(value, now)
        .orElseThrow(() -> new ActivityFailedException("prometheus provider: " + key + " " + PythonText.repr(value)
            + " is not a time; " + PrometheusTime.EXPECTED))
        .toString();
  }

  private static String step(Object step) {
    return step == null ? "1" : PythonText.str(step);
  }

  private static Object checked(PrometheusClient.Answer answer, String query) throws ActivityFailedException {
    Object json;
    try {
      json = answer.json();
    } catch (ActivityFailedException e) {
      if (answer.status() != 200) {
        throw new ActivityFailedException("Prometheus query \"" + query + "\" failed with HTTP " + answer.status() + ": "
            + answer.body().strip(), e);
      }
      throw e;
    }
    if (answer.status() != 200 || !(json instanceof Map<?, ?> map) || !"success".equals(map.get("status"))) {
      String reason = json instanceof Map<?, ?> m && m.get("error") != null
          ? m.get("errorType") + ": " + m.get("error")
          : answer.body().strip();
      throw new ActivityFailedException("Prometheus query \"" + query + "\" failed with HTTP " + answer.status() + ": "
          + reason);
    }
    return json;
  }
}

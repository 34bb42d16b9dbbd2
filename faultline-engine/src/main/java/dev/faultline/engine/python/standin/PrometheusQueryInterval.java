package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chaosprometheus.probes.query_interval(query, start, end, step=1, timeout=None,
 * verify_tls=True)}: a range query against the configuration's {@code prometheus_base_url}
 * (default {@code http://localhost:9090}). {@code start} and {@code end} are RFC 3339, unix
 * seconds or relative ({@code "5 minutes ago"}, {@code "now"}); {@code timeout} is passed to
 * Prometheus. Returns Prometheus's JSON answer as it is; an HTTP status other than 200 raises.
 */
public final class PrometheusQueryInterval extends SignatureStandIn {

  public PrometheusQueryInterval() {
    super(PythonSignature.of("chaosprometheus.probes.query_interval", Parameter.required("query"),
        Parameter.required("start"), Parameter.required("end"), Parameter.optional("step", 1),
        Parameter.optional("timeout", null), Parameter.optional("verify_tls", true),
        Parameter.injected("configuration"), Parameter.injected("secrets")));
  }

  @Override
  public String summary() {
    return "Prometheus range query → Prometheus's JSON answer (dict)";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Instant now = Instant.now();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("query", arguments.get("query"));
    if (arguments.get("timeout") != null) {
      params.put("timeout", arguments.get("timeout"));
    }
    if (ChaosPrometheus.truthy(arguments.get("step"))) {
      params.put("step", arguments.get("step"));
    }
    params.put("start", ChaosPrometheus.time(arguments.get("start"), now));
    params.put("end", ChaosPrometheus.time(arguments.get("end"), now));
    return ChaosPrometheus.send(true, params, arguments.get("verify_tls"), context, "query range");
  }
}

package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chaosprometheus.probes.query(query, when=None, timeout=None, verify_tls=True)}: an
 * instant query against the configuration's {@code prometheus_base_url} (default
 * {@code http://localhost:9090}); {@code when} (RFC 3339, unix seconds, {@code "5 minutes ago"})
 * sets the evaluation time, {@code timeout} is passed to Prometheus. Returns Prometheus's JSON
 * answer as it is; an HTTP status other than 200 raises.
 */
public final class PrometheusQuery extends SignatureStandIn {

  public PrometheusQuery() {
    super(PythonSignature.of("chaosprometheus.probes.query", Parameter.required("query"),
        Parameter.optional("when", null), Parameter.optional("timeout", null), Parameter.optional("verify_tls", true),
        Parameter.injected("configuration"), Parameter.injected("secrets")));
  }

  @Override
  public String summary() {
    return "Prometheus instant query → Prometheus's JSON answer (dict)";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("query", arguments.get("query"));
    if (arguments.get("timeout") != null) {
      params.put("timeout", arguments.get("timeout"));
    }
    Object when = arguments.get("when");
    if (ChaosPrometheus.truthy(when)) {
      params.put("time", ChaosPrometheus.time(when, Instant.now()));
    }
    return ChaosPrometheus.send(false, params, arguments.get("verify_tls"), context, "query");
  }
}

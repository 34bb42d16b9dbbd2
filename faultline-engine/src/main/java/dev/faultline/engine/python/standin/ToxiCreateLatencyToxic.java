package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chaostoxi.toxic.actions.create_latency_toxic(for_proxy, toxic_name, latency, jitter=0)}: a {@code latency}
 * toxic that delays data by {@code latency} ± {@code jitter} ms; downstream, toxicity 1.0. Returns what {@code create_toxic} returns.
 */
public final class ToxiCreateLatencyToxic extends SignatureStandIn {

  public ToxiCreateLatencyToxic() {
    super(PythonSignature.of("chaostoxi.toxic.actions.create_latency_toxic", Parameter.required("for_proxy"),
        Parameter.required("toxic_name"), Parameter.required("latency"), Parameter.optional("jitter", 0), Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Adds a downstream latency toxic (ms) to a Toxiproxy proxy → bool";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("latency", arguments.get("latency"));
    attributes.put("jitter", arguments.get("jitter"));
    return ChaosToxi.createToxic(arguments.get("for_proxy"), arguments.get("toxic_name"), "latency", "downstream", 1.0,
        attributes, context);
  }
}
